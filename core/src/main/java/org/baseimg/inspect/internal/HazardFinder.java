package org.baseimg.inspect.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baseimg.fs.FileType;
import org.baseimg.fs.ImagePath;
import org.baseimg.inspect.Hazards;
import org.baseimg.inspect.Hazards.Hazard;
import org.baseimg.inspect.Hazards.Kind;

/** Finds {@link Hazards} in one scan of an image. */
public final class HazardFinder {
  private static final ImagePath LD_SO_CONF = ImagePath.of("/etc/ld.so.conf");
  private static final ImagePath LD_SO_CONF_D = ImagePath.of("/etc/ld.so.conf.d");
  private static final ImagePath USR_LOCAL = ImagePath.of("/usr/local");

  /** {@code setcap [-q] [-v] CAPS /path}, as maintainer scripts call it. */
  private static final Pattern SETCAP =
      Pattern.compile(
          "\\bsetcap\\s+(?:-[a-z]+\\s+)*['\"]?([a-z_,+=-]+)['\"]?\\s+['\"]?(/[^\\s'\";|&)]+)");

  /** ldconfig allows several includes deep; more is a loop. */
  private static final int MAX_INCLUDE_DEPTH = 8;

  private HazardFinder() {}

  /** The files whose content the finder reads: the loader's configuration, postinst scripts. */
  public static boolean wants(ImagePath path) {
    if (path.equals(LD_SO_CONF)) {
      return true;
    }
    if (path.isRoot() || path.parent().isRoot()) {
      return false;
    }
    return (path.parent().equals(LD_SO_CONF_D) && path.name().endsWith(".conf"))
        || (path.parent().equals(ImageScan.INFO) && path.name().endsWith(".postinst"));
  }

  /** The hazards of a scan made with {@link #wants} and Go programs found. */
  public static Hazards find(ImageScan scan) {
    List<Hazard> found = new ArrayList<>();
    found.addAll(shadowedLibraries(scan));
    found.addAll(fileCapabilities(scan));
    for (ImagePath program : scan.goPrograms()) {
      found.add(
          new Hazard(
              Kind.GO_PROGRAM,
              program.value(),
              "a Go program: Go programs crash at random under QEMU user emulation, which runs"
                  + " every build step of a foreign image",
              "if a build step runs it, pin it to one CPU (taskset -c 0) or set"
                  + " GODEBUG=asyncpreemptoff=1; on arm64 hardware it is fine"));
    }
    found.sort(Comparator.comparing(Hazard::kind).thenComparing(Hazard::path));
    return new Hazards(found);
  }

  // --- libraries that an earlier directory of the loader's path hides ---

  private static List<Hazard> shadowedLibraries(ImageScan scan) {
    List<ImagePath> searchPath = new ArrayList<>();
    Map<ImagePath, String> configuredBy = new HashMap<>();
    readConfig(scan, LD_SO_CONF, 0, searchPath, configuredBy);
    Map<ImagePath, Set<String>> libraries = librariesByDirectory(scan);
    Map<String, ImagePath> firstDirectory = new HashMap<>();
    List<Hazard> found = new ArrayList<>();
    for (ImagePath directory : new LinkedHashSet<>(searchPath)) {
      ImagePath resolved = scan.resolve(directory);
      for (String library : libraries.getOrDefault(resolved, Set.of())) {
        ImagePath earlier = firstDirectory.putIfAbsent(library, directory);
        if (earlier != null
            && USR_LOCAL.isAncestorOf(directory)
            && !scan.resolve(earlier).equals(resolved)) {
          found.add(
              new Hazard(
                  Kind.SHADOWED_LIBRARY,
                  directory.resolve(library).value(),
                  "hidden by "
                      + earlier.resolve(library).value()
                      + ": the loader searches "
                      + earlier.value()
                      + " (from "
                      + configuredBy.get(earlier)
                      + ") first; on amd64 the multiarch file sorts after libc.conf and this one"
                      + " is found first",
                  "install it in /usr/local/lib/"
                      + multiarchName(earlier)
                      + ", or add /etc/ld.so.conf.d/00-local.conf naming "
                      + directory.value()
                      + ", then run ldconfig"));
        }
      }
    }
    return found;
  }

  private static String multiarchName(ImagePath directory) {
    return directory.isRoot() ? "TRIPLET" : directory.name();
  }

  /** Appends the directories {@code file} names, following includes, in ldconfig's order. */
  private static void readConfig(
      ImageScan scan,
      ImagePath file,
      int depth,
      List<ImagePath> searchPath,
      Map<ImagePath, String> configuredBy) {
    if (depth > MAX_INCLUDE_DEPTH) {
      return;
    }
    String text = scan.keptContent(file).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
    for (String rawLine : text.split("\n")) {
      String line = rawLine.replaceAll("#.*", "").strip();
      if (line.startsWith("include")) {
        for (String pattern : line.substring("include".length()).strip().split("\\s+")) {
          for (ImagePath included : matching(scan, pattern, file)) {
            readConfig(scan, included, depth + 1, searchPath, configuredBy);
          }
        }
      } else if (!line.isEmpty()) {
        for (String directory : line.split("[\\s:,=]+")) {
          if (directory.startsWith("/")) {
            ImagePath path = normalised(directory);
            if (path != null) {
              searchPath.add(path);
              configuredBy.putIfAbsent(path, file.value());
            }
          }
        }
      }
    }
  }

  /** The kept files an include pattern names, in name order (glob(3) sorts). */
  private static List<ImagePath> matching(ImageScan scan, String pattern, ImagePath from) {
    ImagePath glob = normalised(pattern.startsWith("/") ? pattern : from.parent() + "/" + pattern);
    if (glob == null || glob.isRoot()) {
      return List.of();
    }
    PathMatcher names = FileSystems.getDefault().getPathMatcher("glob:" + glob.name());
    ImagePath directory = glob.parent();
    Set<ImagePath> found = new TreeSet<>();
    for (ImagePath path : scan.tree().keySet()) {
      if (!path.isRoot()
          && path.parent().equals(directory)
          && names.matches(Path.of(path.name()))) {
        found.add(path);
      }
    }
    return List.copyOf(found);
  }

  private static ImagePath normalised(String path) {
    try {
      return ImagePath.of(path.replaceAll("/+$", "").isEmpty() ? "/" : path.replaceAll("/+$", ""));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Shared-library names ({@code lib*.so*}) by the directory holding them. */
  private static Map<ImagePath, Set<String>> librariesByDirectory(ImageScan scan) {
    Map<ImagePath, Set<String>> libraries = new HashMap<>();
    for (ImageScan.Node node : scan.tree().values()) {
      ImagePath path = node.path();
      if ((node.type() == FileType.REGULAR || node.type() == FileType.SYMLINK)
          && path.name().contains(".so")) {
        libraries.computeIfAbsent(path.parent(), d -> new TreeSet<>()).add(path.name());
      }
    }
    return libraries;
  }

  // --- programs that maintainer scripts give file capabilities ---

  private static List<Hazard> fileCapabilities(ImageScan scan) {
    List<Hazard> found = new ArrayList<>();
    for (ImagePath path : scan.tree().keySet()) {
      if (path.isRoot() || !path.parent().equals(ImageScan.INFO) || !wants(path)) {
        continue;
      }
      String script =
          scan.keptContent(path).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
      String name = path.name();
      String owner = name.substring(0, name.length() - ".postinst".length());
      Set<String> programs = new TreeSet<>();
      Matcher setcap = SETCAP.matcher(script);
      while (setcap.find()) {
        String program = setcap.group(2);
        if (programs.add(program)) {
          found.add(
              new Hazard(
                  Kind.FILE_CAPABILITIES,
                  program,
                  owner
                      + "'s postinst gives it file capabilities ("
                      + setcap.group(1)
                      + "); a newc initramfs cannot carry them, so here it runs without them,"
                      + " and where they are set glibc ignores LD_LIBRARY_PATH and LD_PRELOAD"
                      + " for it",
                  "run it as root, or set the capabilities at boot (setcap in a boot script);"
                      + " do not rely on LD_* variables for it"));
        }
      }
    }
    return found;
  }
}
