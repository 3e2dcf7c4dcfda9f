package org.baseimg.kernel.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baseimg.image.Architecture;

/**
 * How many objects a first build in a new O= directory will compile, read from the tree's Makefiles
 * before make runs: from the top-level directories down, every {@code obj-y}, {@code obj-m}, {@code
 * obj-$(CONFIG_X)} and composite list ({@code foo-y}, {@code foo-objs}) whose symbol the
 * configuration enables, following enabled subdirectories. An estimate for progress only: make has
 * the last word, and later builds use the count the first one recorded.
 */
final class ObjectEstimate {
  /** {@code obj-$(CONFIG_FOO) += a.o dir/}, {@code foo-y := b.o}: the target and its words. */
  private static final Pattern ASSIGNMENT =
      Pattern.compile("^([A-Za-z0-9_]+)-(y|m|objs|\\$\\(CONFIG_([A-Za-z0-9_]+)\\))\\s*[:+]?=(.*)$");

  private static final int MAX_DEPTH = 12;

  private final Path tree;
  private final Set<String> enabled;
  private final Set<Path> visited = new HashSet<>();

  private ObjectEstimate(Path tree, Set<String> enabled) {
    this.tree = tree;
    this.enabled = enabled;
  }

  /** The estimate for {@code config} in {@code tree}; 0 when nothing could be read. */
  static long of(Path tree, Path config, Architecture arch) throws IOException {
    Set<String> enabled = new HashSet<>();
    if (Files.isRegularFile(config)) {
      for (String line : Files.readAllLines(config)) {
        if (line.startsWith("CONFIG_") && (line.endsWith("=y") || line.endsWith("=m"))) {
          enabled.add(line.substring("CONFIG_".length(), line.indexOf('=')));
        }
      }
    }
    ObjectEstimate estimate = new ObjectEstimate(tree, enabled);
    long count = 0;
    List<String> top =
        List.of(
            "init",
            "usr",
            "arch/" + arch.kernelArch(),
            "kernel",
            "certs",
            "mm",
            "fs",
            "ipc",
            "security",
            "crypto",
            "block",
            "io_uring",
            "drivers",
            "sound",
            "net",
            "virt",
            "lib",
            "arch/" + arch.kernelArch() + "/lib");
    for (String directory : top) {
      count += estimate.count(tree.resolve(directory), 0);
    }
    return count;
  }

  private long count(Path directory, int depth) throws IOException {
    if (depth > MAX_DEPTH || !visited.add(directory.normalize())) {
      return 0;
    }
    Path makefile = directory.resolve("Kbuild");
    if (!Files.isRegularFile(makefile)) {
      makefile = directory.resolve("Makefile");
    }
    if (!Files.isRegularFile(makefile)) {
      return 0;
    }
    long count = 0;
    for (String line : joinedLines(makefile)) {
      Matcher assignment = ASSIGNMENT.matcher(line.strip());
      if (!assignment.matches()) {
        continue;
      }
      String symbol = assignment.group(3);
      if (symbol != null && !enabled.contains(symbol)) {
        continue;
      }
      for (String word : assignment.group(4).strip().split("\\s+")) {
        if (word.endsWith(".o")) {
          count++;
        } else if (word.endsWith("/") && !word.contains("$")) {
          count += count(directory.resolve(word), depth + 1);
        }
      }
    }
    return count;
  }

  /** The file's lines with backslash continuations joined and comments dropped. */
  private static List<String> joinedLines(Path makefile) throws IOException {
    String text = Files.readString(makefile).replaceAll("\\\\\\r?\n", " ");
    return text.lines().map(line -> line.replaceFirst("#.*", "")).toList();
  }

  /** The tree this estimate reads, for messages. */
  Path tree() {
    return tree;
  }
}
