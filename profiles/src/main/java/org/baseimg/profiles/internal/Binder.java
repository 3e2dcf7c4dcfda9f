package org.baseimg.profiles.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.baseimg.fs.ImagePath;
import org.baseimg.image.Architecture;
import org.baseimg.image.ImageSpec;
import org.baseimg.image.ImageSpec.AgentSpec;
import org.baseimg.image.ImageSpec.AptRepository;
import org.baseimg.image.ImageSpec.BuildSpec;
import org.baseimg.image.ImageSpec.InitSpec;
import org.baseimg.image.ImageSpec.KernelSpec;
import org.baseimg.image.ImageSpec.OutputSpec;
import org.baseimg.image.ImageSpec.OverlayFile;
import org.baseimg.initramfs.Compression;
import org.baseimg.profiles.Problem;
import org.baseimg.profiles.internal.ProfileFormat.Field;
import org.baseimg.profiles.internal.Yaml.ListNode;
import org.baseimg.profiles.internal.Yaml.MapNode;
import org.baseimg.profiles.internal.Yaml.Node;
import org.baseimg.profiles.internal.Yaml.Scalar;

/**
 * Turns a merged, validated profile tree into an {@link ImageSpec}: fills in defaults from {@link
 * ProfileFormat}, resolves file references against the file each was written in, and checks what
 * the format alone cannot (files that exist, a level the compressor accepts, a key for every
 * repository).
 */
final class Binder {
  private final Sources sources;
  private final List<Problem> problems = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();

  /** Where files referenced by a profile are: next to the profile, or nowhere for a stock one. */
  interface Sources {
    /**
     * The directory a relative path in {@code file} is relative to, or empty for stock profiles.
     */
    Optional<Path> directoryOf(String file);
  }

  /** The spec, or the problems; warnings either way. */
  record Result(ImageSpec spec, List<Problem> problems, List<Problem> warnings) {}

  private Binder(Sources sources) {
    this.sources = sources;
  }

  static Result bind(MapNode root, Sources sources) {
    Binder binder = new Binder(sources);
    ImageSpec spec = null;
    try {
      spec = binder.spec(root);
    } catch (IllegalArgumentException e) {
      binder.problems.add(root.location().problem("", e.getMessage()));
    }
    return new Result(binder.problems.isEmpty() ? spec : null, binder.problems, binder.warnings);
  }

  private ImageSpec spec(MapNode root) {
    Map<String, Field> top = ProfileFormat.PROFILE.fields();
    if (root.get("name") == null) {
      problems.add(
          root.location()
              .problem(
                  "name", "is missing: give the image a name, or extends: a profile that has one"));
    }
    String name = text(root, top.get("name"), "unnamed");
    Architecture arch = Architecture.ofDebianName(text(root, top.get("arch"), null)).orElseThrow();
    String suite = text(root, top.get("suite"), null);
    ImageSpec.Variant variant =
        ImageSpec.Variant.valueOf(text(root, top.get("variant"), null).toUpperCase(Locale.ROOT));
    boolean checkSignatures = bool(root, top.get("check-signatures"));
    if (!checkSignatures) {
      warnings.add(
          root.entries()
              .get("check-signatures")
              .keyLocation()
              .problem(
                  "check-signatures",
                  "is false: Release signatures will not be checked, so a tampered mirror goes unnoticed"));
    }
    Compression compression = compression(root);
    return new ImageSpec(
        name,
        text(root, top.get("description"), ""),
        arch,
        suite,
        variant,
        optionalText(root, "mirror").map(URI::create),
        strings(root, top.get("components")),
        optionalText(root, "keyring").map(path -> file(root.get("keyring"), "keyring", path)),
        checkSignatures,
        bool(root, top.get("check-valid-until")),
        repositories(root),
        strings(root, top.get("packages")),
        agent(root),
        files(root),
        init(root),
        ImageSpec.Network.valueOf(
            text(root, top.get("network"), "none").toUpperCase(java.util.Locale.ROOT)),
        new OutputSpec(compression, outputFile(root, name, arch, suite, compression)),
        kernel(root, arch),
        build(root));
  }

  private List<AptRepository> repositories(MapNode root) {
    Field format = ProfileFormat.PROFILE.fields().get("repositories");
    List<AptRepository> repositories = new ArrayList<>();
    if (!(root.get("repositories") instanceof ListNode list)) {
      return repositories;
    }
    for (int i = 0; i < list.items().size(); i++) {
      int index = i;
      MapNode item = (MapNode) list.items().get(i);
      String path = "repositories[" + i + "]";
      String uri = text(item, format.fields().get("uri"), null);
      boolean trusted = bool(item, format.fields().get("trusted"));
      Optional<Path> signedBy =
          optionalText(item, "signed-by")
              .map(key -> file(item.get("signed-by"), path + ".signed-by", key));
      if (signedBy.isEmpty() && !trusted) {
        problems.add(
            item.location()
                .problem(
                    path,
                    "repository "
                        + uri
                        + " has no signed-by key: give signed-by: KEYFILE, or write"
                        + " trusted: true to install from it without checking signatures"));
        continue;
      }
      if (trusted) {
        warnings.add(
            item.location()
                .problem(
                    path,
                    "trusted: true installs from " + uri + " without checking its signatures"));
      }
      String name =
          optionalText(item, "name")
              .orElseGet(
                  () ->
                      URI.create(uri).getHost() == null
                          ? "repository-" + index
                          : URI.create(uri).getHost().replace('.', '-'));
      repositories.add(
          new AptRepository(
              name,
              URI.create(uri),
              text(item, format.fields().get("suite"), null),
              strings(item, format.fields().get("components")),
              signedBy,
              trusted));
    }
    return repositories;
  }

  private Optional<AgentSpec> agent(MapNode root) {
    if (!(root.get("agent") instanceof MapNode agent)) {
      return Optional.empty();
    }
    Map<String, Field> format = ProfileFormat.PROFILE.fields().get("agent").fields();
    if (agent.get("master") == null) {
      problems.add(
          agent
              .location()
              .problem("agent.master", "is missing: name the salt master the minion connects to"));
      return Optional.empty();
    }
    Map<String, String> grains = new LinkedHashMap<>();
    if (agent.get("grains") instanceof MapNode map) {
      map.entries()
          .values()
          .forEach(entry -> grains.put(entry.key(), ((Scalar) entry.value()).text()));
    }
    return Optional.of(
        new AgentSpec(
            text(agent, format.get("package"), null),
            text(agent, format.get("master"), null),
            ImageSpec.MinionIdPolicy.valueOf(
                text(agent, format.get("minion-id"), null)
                    .toUpperCase(Locale.ROOT)
                    .replace('-', '_')),
            grains,
            bool(agent, format.get("enabled"))));
  }

  private List<OverlayFile> files(MapNode root) {
    Map<String, Field> format = ProfileFormat.PROFILE.fields().get("files").fields();
    List<OverlayFile> files = new ArrayList<>();
    if (!(root.get("files") instanceof ListNode list)) {
      return files;
    }
    for (int i = 0; i < list.items().size(); i++) {
      MapNode item = (MapNode) list.items().get(i);
      String path = "files[" + i + "]";
      Path source =
          file(item.get("source"), path + ".source", text(item, format.get("source"), null));
      ImagePath destination;
      try {
        destination = ImagePath.of(text(item, format.get("destination"), null));
      } catch (IllegalArgumentException e) {
        problems.add(
            item.get("destination")
                .location()
                .problem(
                    path + ".destination",
                    e.getMessage() + "; write a normalised absolute path such as /etc/motd"));
        continue;
      }
      if (destination.isRoot()) {
        problems.add(
            item.get("destination")
                .location()
                .problem(
                    path + ".destination",
                    "is the image's root; name the file to write, such as /etc/motd"));
        continue;
      }
      String notRegular = notRegularFile(source);
      if (notRegular != null) {
        problems.add(
            item.get("source")
                .location()
                .problem(
                    path + ".source",
                    source
                        + " is "
                        + notRegular
                        + "; a files: entry copies one regular file (a symlink to one is"
                        + " followed)"));
        continue;
      }
      files.add(
          new OverlayFile(
              source,
              destination,
              Integer.parseInt(text(item, format.get("mode"), null), 8),
              text(item, format.get("owner"), null),
              text(item, format.get("group"), null)));
    }
    return files;
  }

  private InitSpec init(MapNode root) {
    Node init = root.get("init");
    if (init instanceof MapNode map) {
      Scalar file = (Scalar) map.get("file");
      return new InitSpec.File(file(file, "init.file", file.text()));
    }
    String value =
        init == null
            ? ProfileFormat.PROFILE.fields().get("init").defaultValue()
            : ((Scalar) init).text();
    return value.equals("systemd") ? new InitSpec.Systemd() : new InitSpec.Builtin();
  }

  private Compression compression(MapNode root) {
    Map<String, Field> format = ProfileFormat.PROFILE.fields().get("output").fields();
    MapNode output = root.get("output") instanceof MapNode map ? map : null;
    Compression.Format compression =
        Compression.Format.valueOf(
            text(output, format.get("compression"), null).toUpperCase(Locale.ROOT));
    Node levelNode = output == null ? null : output.get("level");
    if (levelNode == null) {
      return Compression.of(compression);
    }
    int level = Integer.parseInt(((Scalar) levelNode).text());
    try {
      return Compression.of(compression, level);
    } catch (IllegalArgumentException e) {
      problems.add(levelNode.location().problem("output.level", e.getMessage()));
      return Compression.of(compression);
    }
  }

  private String outputFile(
      MapNode root, String name, Architecture arch, String suite, Compression compression) {
    MapNode output = root.get("output") instanceof MapNode map ? map : null;
    String template =
        output == null || output.get("file") == null
            ? "{name}-{arch}.cpio" + compression.format().suffix()
            : ((Scalar) output.get("file")).text();
    return template
        .replace("{name}", name)
        .replace("{arch}", arch.debianName())
        .replace("{suite}", suite);
  }

  private Optional<KernelSpec> kernel(MapNode root, Architecture arch) {
    if (!(root.get("kernel") instanceof MapNode kernel)) {
      return Optional.empty();
    }
    Map<String, Field> format = ProfileFormat.PROFILE.fields().get("kernel").fields();
    KernelSpec.From from =
        KernelSpec.From.valueOf(
            text(kernel, format.get("from"), "none").toUpperCase(java.util.Locale.ROOT));
    List<String> modules = strings(kernel, format.get("modules"));
    if (from == KernelSpec.From.NONE && !modules.isEmpty()) {
      problems.add(
          kernel
              .get("modules")
              .location()
              .problem(
                  "kernel.modules",
                  "needs a kernel in the image: write from: package or from: build"));
    }
    Node base = kernel.get("base");
    return Optional.of(
        new KernelSpec(
            from,
            base == null ? format.get("base").defaultValue() : stockOrFile(base, "kernel.base"),
            fragments(kernel),
            optionalText(kernel, "source")
                .map(path -> file(kernel.get("source"), "kernel.source", path)),
            optionalText(kernel, "package").orElse("linux-image-" + arch.debianName()),
            modules));
  }

  /** Each fragment as {@link #stockOrFile}: a path is taken relative to the profile. */
  private List<String> fragments(MapNode kernel) {
    List<String> fragments = new ArrayList<>();
    if (kernel.get("fragments") instanceof ListNode list) {
      for (int i = 0; i < list.items().size(); i++) {
        fragments.add(stockOrFile(list.items().get(i), "kernel.fragments[" + i + "]"));
      }
    }
    return fragments;
  }

  /** A stock name stays as it is; anything with a slash or a .config suffix is a file. */
  private String stockOrFile(Node node, String key) {
    String text = ((Scalar) node).text();
    return text.contains("/") || text.endsWith(".config") ? file(node, key, text).toString() : text;
  }

  private BuildSpec build(MapNode root) {
    Map<String, Field> format = ProfileFormat.PROFILE.fields().get("build").fields();
    MapNode build = root.get("build") instanceof MapNode map ? map : null;
    return new BuildSpec(
        ImageSpec.Environment.valueOf(
            text(build, format.get("environment"), null).toUpperCase(Locale.ROOT)),
        Path.of(text(build, format.get("cache"), null)),
        build == null ? Optional.empty() : optionalText(build, "cache-from"),
        build == null ? Optional.empty() : optionalText(build, "cache-to"));
  }

  /**
   * A host file a profile names: relative to the profile's own file, which must exist; an absolute
   * path belongs to the build host and is only warned about when missing here.
   */
  private Path file(Node node, String key, String written) {
    Path path = Path.of(written);
    if (path.isAbsolute()) {
      if (!Files.exists(path)) {
        warnings.add(
            node.location()
                .problem(
                    key,
                    written + " does not exist on this host; a build here fails until it does"));
      }
      return path;
    }
    Optional<Path> directory = sources.directoryOf(node.location().file());
    if (directory.isEmpty()) {
      problems.add(
          node.location()
              .problem(
                  key,
                  "a stock profile cannot name the relative path "
                      + written
                      + "; use an absolute path"));
      return path;
    }
    Path resolved = directory.get().resolve(path).normalize();
    if (!Files.exists(resolved)) {
      problems.add(
          node.location()
              .problem(
                  key,
                  written
                      + " does not exist (looked for "
                      + resolved
                      + "); paths are relative to the profile that names them"));
    }
    return resolved;
  }

  /**
   * What {@code source} is when it exists but is not a regular file (a directory, a device such as
   * /dev/zero, a FIFO, a socket); null when it is one, or missing (reported elsewhere).
   */
  private static String notRegularFile(Path source) {
    if (!Files.exists(source) || Files.isRegularFile(source)) {
      return null;
    }
    if (Files.isDirectory(source)) {
      return "a directory";
    }
    try {
      Object type = Files.getAttribute(source, "unix:mode");
      int mode = type instanceof Integer bits ? bits & 0170000 : 0;
      return switch (mode) {
        case 0020000 -> "a character device";
        case 0060000 -> "a block device";
        case 0010000 -> "a FIFO";
        case 0140000 -> "a socket";
        default -> "not a regular file";
      };
    } catch (IOException | UnsupportedOperationException e) {
      return "not a regular file";
    }
  }

  private static String text(MapNode map, Field field, String fallback) {
    Node node = map == null ? null : map.get(field.key());
    if (node instanceof Scalar scalar && !scalar.isNull()) {
      return scalar.text();
    }
    return field.defaultValue() != null ? field.defaultValue() : fallback;
  }

  private static Optional<String> optionalText(MapNode map, String key) {
    return map.get(key) instanceof Scalar scalar && !scalar.isNull()
        ? Optional.of(scalar.text())
        : Optional.empty();
  }

  private static boolean bool(MapNode map, Field field) {
    return Boolean.parseBoolean(text(map, field, "false"));
  }

  private static List<String> strings(MapNode map, Field field) {
    if (map.get(field.key()) instanceof ListNode list) {
      return list.items().stream().map(item -> ((Scalar) item).text()).toList();
    }
    return field.defaultValue() == null ? List.of() : List.of(field.defaultValue());
  }
}
