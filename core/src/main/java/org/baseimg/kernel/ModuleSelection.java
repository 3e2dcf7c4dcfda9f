package org.baseimg.kernel;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;

/**
 * Which modules of a kernel go into an image: the ones a profile asks for (names, globs over names,
 * or globs over paths such as {@code kernel/drivers/net/virtio*}), with what {@code modprobe} would
 * load along with each: its dependencies ({@code modules.dep}) and soft pre-dependencies ({@code
 * modules.softdep}, names or aliases). Everything else of {@code /lib/modules} stays out: a Debian
 * kernel's whole module tree is hundreds of megabytes.
 *
 * <p>Names compare as modprobe compares them: {@code -} and {@code _} are the same.
 */
public final class ModuleSelection {
  /**
   * A module in the image and why it is there.
   *
   * @param name its name, with underscores
   * @param path its file below {@code lib/modules/RELEASE}
   * @param reason {@code requested}, {@code needed by NAME} or {@code soft dependency of NAME}
   */
  public record Selected(String name, String path, String reason) {}

  private final Path directory;
  private final Map<String, String> paths;
  private final Map<String, List<String>> dependencies;
  private final Map<String, List<String>> softPre;
  private final Map<String, List<String>> aliases;
  private final Set<String> builtin;

  private ModuleSelection(
      Path directory,
      Map<String, String> paths,
      Map<String, List<String>> dependencies,
      Map<String, List<String>> softPre,
      Map<String, List<String>> aliases,
      Set<String> builtin) {
    this.directory = directory;
    this.paths = paths;
    this.dependencies = dependencies;
    this.softPre = softPre;
    this.aliases = aliases;
    this.builtin = builtin;
  }

  /** Reads the index files depmod wrote in {@code lib/modules/RELEASE}. */
  public static ModuleSelection of(Path modulesDirectory) throws BaseimgException {
    Path dep = modulesDirectory.resolve("modules.dep");
    if (!Files.isRegularFile(dep)) {
      throw new BaseimgException(
          modulesDirectory + " has no modules.dep: run depmod for it (depmod -b ROOT RELEASE)");
    }
    Map<String, String> paths = new TreeMap<>();
    Map<String, List<String>> dependencies = new TreeMap<>();
    Map<String, List<String>> softPre = new TreeMap<>();
    Map<String, List<String>> aliases = new TreeMap<>();
    Set<String> builtin = new TreeSet<>();
    try {
      for (String line : Files.readAllLines(dep)) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String path = line.substring(0, colon).strip();
        String name = nameOf(path);
        paths.put(name, path);
        List<String> needs = new ArrayList<>();
        for (String needed : line.substring(colon + 1).strip().split("\\s+")) {
          if (!needed.isEmpty()) {
            needs.add(nameOf(needed));
          }
        }
        dependencies.put(name, needs);
      }
      for (String line : lines(modulesDirectory.resolve("modules.softdep"))) {
        // softdep NAME pre: A B post: C
        String[] words = line.strip().split("\\s+");
        if (words.length < 3 || !words[0].equals("softdep")) {
          continue;
        }
        List<String> pre = new ArrayList<>();
        boolean inPre = false;
        for (int i = 2; i < words.length; i++) {
          if (words[i].endsWith(":")) {
            inPre = words[i].equals("pre:");
          } else if (inPre) {
            pre.add(normalise(words[i]));
          }
        }
        // A module may have several softdep lines (ksmbd has one per algorithm); kmod takes the
        // first and ignores the rest, and so does this, to load what modprobe loads.
        softPre.putIfAbsent(normalise(words[1]), pre);
      }
      for (String line : lines(modulesDirectory.resolve("modules.alias"))) {
        String[] words = line.strip().split("\\s+");
        if (words.length == 3 && words[0].equals("alias")) {
          aliases.computeIfAbsent(normalise(words[1]), k -> new ArrayList<>()).add(words[2]);
        }
      }
      for (String line : lines(modulesDirectory.resolve("modules.builtin"))) {
        if (!line.isBlank()) {
          builtin.add(nameOf(line.strip()));
        }
      }
    } catch (IOException e) {
      throw new BaseimgException(
          "cannot read the module index in " + modulesDirectory + ": " + e.getMessage(), e);
    }
    return new ModuleSelection(modulesDirectory, paths, dependencies, softPre, aliases, builtin);
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
  }

  /** {@code virtio_net} of {@code kernel/drivers/net/virtio_net.ko.xz}. */
  static String nameOf(String path) {
    String file = path.substring(path.lastIndexOf('/') + 1);
    int ko = file.indexOf(".ko");
    return normalise(ko < 0 ? file : file.substring(0, ko));
  }

  private static String normalise(String name) {
    return name.replace('-', '_');
  }

  /**
   * The modules for {@code requested}, each with its dependencies and soft pre-dependencies, in the
   * order modprobe would load them (dependencies first), each once.
   *
   * @throws BadInputException for a name or pattern that matches no module of this kernel (with the
   *     closest name); a name the kernel has built in is no error, and {@link #builtIn} names it
   */
  public List<Selected> select(List<String> requested) throws BadInputException {
    Map<String, Selected> selected = new LinkedHashMap<>();
    for (String request : requested) {
      for (String name : matches(request)) {
        add(name, "requested", selected, new ArrayDeque<>());
      }
    }
    return List.copyOf(selected.values());
  }

  private List<String> matches(String request) throws BadInputException {
    String pattern = request.strip();
    boolean glob = pattern.matches(".*[*?\\[].*");
    if (pattern.contains("/")) {
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      List<String> found =
          paths.entrySet().stream()
              .filter(e -> matcher.matches(Path.of(e.getValue())))
              .map(Map.Entry::getKey)
              .toList();
      if (found.isEmpty()) {
        throw new BadInputException(
            "kernel module path " + request + " matches no module below " + directory);
      }
      return found;
    }
    String name = normalise(pattern);
    if (glob) {
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
      List<String> found =
          paths.keySet().stream().filter(n -> matcher.matches(Path.of(n))).toList();
      if (found.isEmpty()) {
        throw new BadInputException(
            "kernel module pattern " + request + " matches no module of " + directory);
      }
      return found;
    }
    if (paths.containsKey(name)) {
      return List.of(name);
    }
    if (builtin.contains(name)) {
      return List.of(); // nothing to load: the kernel has it
    }
    Optional<String> alias =
        aliases.getOrDefault(name, List.of()).stream().filter(paths::containsKey).findFirst();
    if (alias.isPresent()) {
      return List.of(alias.get());
    }
    throw new BadInputException(
        "no kernel module "
            + request
            + " in "
            + directory
            + closest(name).map(c -> "; did you mean " + c + "?").orElse(""));
  }

  private void add(
      String name, String reason, Map<String, Selected> selected, Deque<String> chain) {
    if (selected.containsKey(name) || chain.contains(name)) {
      return;
    }
    chain.push(name);
    for (String pre : softPre.getOrDefault(name, List.of())) {
      resolve(pre).ifPresent(m -> add(m, "soft dependency of " + name, selected, chain));
    }
    for (String needed : dependencies.getOrDefault(name, List.of())) {
      add(needed, "needed by " + name, selected, chain);
    }
    chain.pop();
    selected.put(name, new Selected(name, paths.get(name), reason));
  }

  /** A soft dependency's name as a module of this kernel: itself, or the module of its alias. */
  private Optional<String> resolve(String name) {
    if (paths.containsKey(name)) {
      return Optional.of(name);
    }
    return aliases.getOrDefault(name, List.of()).stream()
        .map(ModuleSelection::normalise)
        .filter(paths::containsKey)
        .findFirst();
  }

  private Optional<String> closest(String name) {
    return paths.keySet().stream()
        .map(candidate -> Map.entry(candidate, distance(name, candidate)))
        .filter(e -> e.getValue() <= Math.max(2, name.length() / 3))
        .min(
            Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey);
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** The names of {@code requested} that this kernel has built in: there is nothing to load. */
  public List<String> builtIn(List<String> requested) {
    return requested.stream()
        .map(ModuleSelection::normalise)
        .filter(name -> builtin.contains(name) && !paths.containsKey(name))
        .toList();
  }

  /** Every module of the kernel, by name: for messages and tests. */
  public Set<String> names() {
    return new TreeSet<>(paths.keySet());
  }

  @Override
  public String toString() {
    return "modules of " + directory;
  }
}
