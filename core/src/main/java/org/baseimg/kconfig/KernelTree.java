package org.baseimg.kconfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.kconfig.internal.TextFiles;

/**
 * An unpacked kernel source tree: the top directory, with its {@code Makefile}, {@code Kconfig} and
 * {@code scripts/kconfig}. Only read: configs are generated with {@code O=} elsewhere.
 *
 * @param directory the top of the tree
 * @param version its version from the Makefile, e.g. {@code 6.1.192}
 */
public record KernelTree(Path directory, String version) {
  private static final Pattern VARIABLE =
      Pattern.compile("^(VERSION|PATCHLEVEL|SUBLEVEL|EXTRAVERSION)\\s*=\\s*(\\S*)\\s*$");

  public KernelTree {
    if (directory == null || version == null) {
      throw new IllegalArgumentException("a kernel tree needs a directory and a version");
    }
  }

  /**
   * The tree at {@code directory}, checked.
   *
   * @throws BadInputException when it is missing or not the top of a kernel tree
   */
  public static KernelTree at(Path directory) throws BaseimgException {
    return at(directory, KconfigSuggestions.LIBRARY);
  }

  /**
   * The tree at {@code directory}, checked; a message about a directory that is no kernel tree ends
   * with {@code suggestions}' way to fetch Debian's source instead.
   *
   * @throws BadInputException when it is missing or not the top of a kernel tree
   */
  public static KernelTree at(Path directory, KconfigSuggestions suggestions)
      throws BaseimgException {
    if (!Files.isDirectory(directory)) {
      throw new BadInputException("kernel source " + directory + " is not a directory");
    }
    Path makefile = directory.resolve("Makefile");
    if (!Files.isRegularFile(makefile)
        || !Files.isRegularFile(directory.resolve("Kconfig"))
        || !Files.isRegularFile(directory.resolve("scripts/kconfig/conf.c"))) {
      throw new BadInputException(
          directory
              + " is not a kernel source tree (no Makefile, Kconfig and scripts/kconfig/conf.c);"
              + " give the top directory of an unpacked linux tree, or "
              + suggestions.fetchDebianSource());
    }
    Map<String, String> variables = new HashMap<>();
    try {
      for (String line : TextFiles.lines(TextFiles.read(makefile))) {
        Matcher matcher = VARIABLE.matcher(line);
        if (matcher.matches()) {
          variables.putIfAbsent(matcher.group(1), matcher.group(2));
        }
        if (variables.size() == 4) {
          break;
        }
      }
    } catch (TextFiles.RefusedException e) {
      throw new BadInputException(
          makefile + (e.line() > 0 ? ":" + e.line() : "") + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new BaseimgException("cannot read " + makefile + ": " + e.getMessage(), e);
    }
    if (!variables.containsKey("VERSION") || !variables.containsKey("PATCHLEVEL")) {
      throw new BadInputException(
          makefile + " has no VERSION and PATCHLEVEL lines; this is not a kernel source tree");
    }
    String version =
        variables.get("VERSION")
            + "."
            + variables.get("PATCHLEVEL")
            + (variables.getOrDefault("SUBLEVEL", "").isEmpty()
                ? ""
                : "." + variables.get("SUBLEVEL"))
            + variables.getOrDefault("EXTRAVERSION", "");
    return new KernelTree(directory.toAbsolutePath().normalize(), version);
  }

  /** {@code VERSION.PATCHLEVEL}, e.g. {@code 6.1}: the series Debian's package names carry. */
  public String series() {
    String[] parts = version.split("\\.");
    return parts.length < 2 ? version : parts[0] + "." + parts[1];
  }
}
