package org.baseimg.builder.internal.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.baseimg.BaseimgException;
import org.baseimg.event.EventListener;
import org.baseimg.internal.Processes;
import org.baseimg.internal.Trees;

/** Finding mounts below a directory (a chroot's, or what a killed build left) and undoing them. */
public final class Mounts {
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private Mounts() {}

  /** Every mount point at or below {@code directory}, deepest first. */
  public static List<Path> below(Path directory) throws IOException {
    Path root = directory.toAbsolutePath().normalize();
    List<Path> found = new ArrayList<>();
    for (String line : Files.readAllLines(MOUNTINFO)) {
      String[] fields = line.split(" ");
      if (fields.length > 4) {
        Path mountPoint = Path.of(unescape(fields[4]));
        if (mountPoint.startsWith(root)) {
          found.add(mountPoint);
        }
      }
    }
    found.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    return found;
  }

  /** mountinfo writes space, tab, newline and backslash as octal escapes. */
  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length()) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Unmounts everything at or below {@code directory}; lazily when a mount is busy. */
  public static void unmountBelow(Path directory, EventListener events)
      throws IOException, BaseimgException, InterruptedException {
    for (Path mountPoint : below(directory)) {
      Processes.Result result =
          Processes.runAllowingFailure(
              Processes.Command.of("umount", "umount", mountPoint.toString()), events, false);
      if (result.exitCode() != 0) {
        Processes.run(
            Processes.Command.of("umount", "umount", "-l", mountPoint.toString()), events);
      }
    }
    List<Path> left = below(directory);
    if (!left.isEmpty()) {
      throw new BaseimgException("cannot unmount " + left + "; unmount them by hand (umount -l)");
    }
  }

  /**
   * Unmounts what is mounted below {@code directory}, then deletes it: the way a build's work and a
   * killed build's leftovers are removed.
   */
  public static void unmountAndDelete(Path directory, EventListener events)
      throws IOException, BaseimgException, InterruptedException {
    if (!Files.exists(directory, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    unmountBelow(directory, events);
    Trees.delete(directory);
  }
}
