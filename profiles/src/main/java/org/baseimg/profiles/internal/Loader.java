package org.baseimg.profiles.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.baseimg.profiles.InvalidProfileException;
import org.baseimg.profiles.Problem;
import org.baseimg.profiles.ResolvedProfile;
import org.baseimg.profiles.StockProfile;
import org.baseimg.profiles.internal.Yaml.MapNode;
import org.baseimg.profiles.internal.Yaml.Node;
import org.baseimg.profiles.internal.Yaml.Scalar;

/**
 * Finds profiles (stock ones on the classpath, others on disk), follows {@code extends}, merges,
 * validates and binds.
 */
public final class Loader {
  /** Where the stock profiles are on the classpath. */
  static final String STOCK_RESOURCES = "/org/baseimg/profiles/stock/";

  /** The stock profiles, in the order {@code profile list} shows them. */
  public static final List<String> STOCK_NAMES =
      List.of("base", "base-arm64", "edge", "edge-arm64", "server-arm64", "stretch-arm64");

  /** The profile {@code baseimg build} uses when none is named. */
  public static final String DEFAULT_PROFILE = "base";

  private static final String STOCK_SUFFIX = ".yaml (stock)";

  /** A larger profile file is refused before it is read; the stock ones are below 4 KiB. */
  static final long MAX_PROFILE_BYTES = 1L << 20;

  /** A profile read and checked on its own, before merging. */
  private record Loaded(String id, String display, MapNode tree, Optional<Path> directory) {}

  private final Map<String, Optional<Path>> directories = new LinkedHashMap<>();

  private Loader() {}

  /**
   * Resolves a profile reference: a stock name, a file path, or null for the default.
   *
   * @throws InvalidProfileException naming the file, line and column of every mistake
   */
  public static ResolvedProfile resolve(String reference) throws InvalidProfileException {
    return new Loader().load(reference == null ? DEFAULT_PROFILE : reference);
  }

  /** Merges the chain but stops before binding: the tree {@code profile show} and tests use. */
  static MapNode mergedTree(String reference) throws InvalidProfileException {
    Loader loader = new Loader();
    return loader.merged(loader.chain(reference));
  }

  private ResolvedProfile load(String reference) throws InvalidProfileException {
    List<Loaded> chain = chain(reference);
    MapNode merged = merged(chain);
    Binder.Result result =
        Binder.bind(merged, file -> directories.getOrDefault(file, Optional.empty()));
    if (!result.problems().isEmpty()) {
      throw new InvalidProfileException(result.problems());
    }
    return new ResolvedProfile(
        result.spec(), chain.stream().map(Loaded::display).toList(), result.warnings());
  }

  private MapNode merged(List<Loaded> chain) {
    MapNode merged = null;
    for (int i = chain.size() - 1; i >= 0; i--) {
      merged = Merger.merge(merged, chain.get(i).tree());
    }
    return merged;
  }

  /** The profile and every profile it extends, the profile first. */
  private List<Loaded> chain(String reference) throws InvalidProfileException {
    List<Loaded> chain = new ArrayList<>();
    Loaded current = open(reference, Optional.empty(), null);
    while (true) {
      for (Loaded seen : chain) {
        if (seen.id().equals(current.id())) {
          List<String> cycle = new ArrayList<>(chain.stream().map(Loaded::display).toList());
          cycle.add(current.display());
          throw new InvalidProfileException(
              new Problem(
                  chain.get(chain.size() - 1).display(),
                  locationOfExtends(chain.get(chain.size() - 1)).line(),
                  locationOfExtends(chain.get(chain.size() - 1)).column(),
                  "extends",
                  "makes a cycle: "
                      + String.join(" -> ", cycle)
                      + "; one of them must stop extending"));
        }
      }
      chain.add(current);
      Node extendsNode = current.tree().get("extends");
      if (!(extendsNode instanceof Scalar parent) || parent.isNull()) {
        return chain;
      }
      current = open(parent.text(), current.directory(), parent);
    }
  }

  private static Yaml.Location locationOfExtends(Loaded loaded) {
    return loaded.tree().entries().get("extends").keyLocation();
  }

  /**
   * Reads one profile.
   *
   * @param from the directory of the profile that extends it, for relative paths
   * @param at the {@code extends} value that names it, for messages; null for the first
   */
  private Loaded open(String reference, Optional<Path> from, Scalar at)
      throws InvalidProfileException {
    if (!isPath(reference)) {
      return openStock(reference, at);
    }
    Path path = from.map(dir -> dir.resolve(reference)).orElse(Path.of(reference)).normalize();
    if (!Files.isRegularFile(path)) {
      throw notFound(
          reference,
          Files.exists(path)
              ? "is not a regular file (" + path + "); a profile is a YAML file"
              : "does not exist (looked for " + path + ")",
          at);
    }
    String text;
    try {
      // The size is checked before reading, so that a huge file (or one with a 50 MB scalar) is
      // refused at once instead of being parsed for minutes or filling the heap.
      if (Files.size(path) > MAX_PROFILE_BYTES) {
        throw notFound(
            reference,
            "is larger than " + (MAX_PROFILE_BYTES >> 10) + " KiB; a profile is a short YAML file",
            at);
      }
      text = ProfileText.decode(Files.readAllBytes(path));
    } catch (ProfileText.NotTextException e) {
      throw notFound(reference, e.getMessage(), at);
    } catch (IOException e) {
      throw notFound(reference, "cannot be read: " + e.getMessage(), at);
    }
    String display = from.isEmpty() ? reference : path.toString();
    return checked(
        path.toAbsolutePath().toString(),
        display,
        text,
        Optional.of(path.toAbsolutePath().getParent()));
  }

  /** A file path has a slash or a YAML suffix; anything else names a stock profile. */
  private static boolean isPath(String reference) {
    return reference.contains("/") || reference.endsWith(".yaml") || reference.endsWith(".yml");
  }

  private Loaded openStock(String name, Scalar at) throws InvalidProfileException {
    if (!STOCK_NAMES.contains(name)) {
      throw notFound(
          name,
          "is not a stock profile"
              + Validator.suggestion(name, STOCK_NAMES)
              + " (stock: "
              + String.join(", ", STOCK_NAMES)
              + "; for a file, write ./"
              + name
              + ".yaml)",
          at);
    }
    String display = name + STOCK_SUFFIX;
    return checked("stock:" + name, display, stockText(name), Optional.empty());
  }

  private Loaded checked(String id, String display, String text, Optional<Path> directory)
      throws InvalidProfileException {
    directories.put(display, directory);
    Node tree = Yaml.read(text, display);
    List<Problem> problems = Validator.check(tree);
    if (!problems.isEmpty()) {
      throw new InvalidProfileException(problems);
    }
    return new Loaded(id, display, (MapNode) tree, directory);
  }

  private static InvalidProfileException notFound(String reference, String why, Scalar at) {
    if (at == null) {
      return new InvalidProfileException(
          new Problem(
              reference, 0, 0, "", why + "; list the stock profiles with: baseimg profile list"));
    }
    return new InvalidProfileException(
        at.location().problem("extends", "'" + reference + "' " + why));
  }

  /** The text of a stock profile. */
  public static String stockText(String name) {
    try (InputStream in = Loader.class.getResourceAsStream(STOCK_RESOURCES + name + ".yaml")) {
      if (in == null) {
        throw new IllegalStateException("stock profile " + name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read stock profile " + name, e);
    }
  }

  /** The stock profiles with their descriptions. */
  public static List<StockProfile> stock() {
    List<StockProfile> profiles = new ArrayList<>();
    for (String name : STOCK_NAMES) {
      String description = "";
      try {
        description = resolve(name).spec().description();
      } catch (InvalidProfileException e) {
        description = "(invalid: " + e.getMessage() + ")";
      }
      profiles.add(new StockProfile(name, description));
    }
    return profiles;
  }
}
