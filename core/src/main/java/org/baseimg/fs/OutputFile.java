package org.baseimg.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.baseimg.BadInputException;

/**
 * Where a file that baseimg writes (an initramfs, a .config) really goes, checked before anything
 * is written. A symlink at the path is followed, as a shell's {@code >} follows it: the file it
 * leads to is replaced and the link stays. What is there must be a regular file or nothing: a
 * directory, device, FIFO or socket is refused rather than replaced by a regular file (as root,
 * {@code -o /dev/null} would otherwise replace the host's /dev/null).
 */
public final class OutputFile {
  /** Linux gives up after 40 links in one lookup; so do we. */
  private static final int MAX_LINKS = 40;

  private OutputFile() {}

  /** A path that cannot be written as a regular file; exit code 2. */
  public static final class RefusedException extends BadInputException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    RefusedException(Path path, String reason) {
      super(path + ": " + reason);
      this.reason = reason;
    }

    /** What is wrong, without the path. */
    public String reason() {
      return reason;
    }
  }

  /**
   * The path to write: {@code out} with the symlinks at its end followed.
   *
   * @throws RefusedException if its directory is missing or something other than a regular file is
   *     there
   */
  public static Path resolve(Path out) throws RefusedException {
    Path path = out.toAbsolutePath();
    try {
      for (int links = 0; Files.isSymbolicLink(path); links++) {
        if (links == MAX_LINKS) {
          throw new RefusedException(out, "too many levels of symbolic links");
        }
        path = path.resolveSibling(Files.readSymbolicLink(path));
      }
      Path directory = path.getParent();
      if (directory == null || !Files.isDirectory(directory)) {
        throw new RefusedException(out, "its directory does not exist; create it first");
      }
      // A /proc magic link (/dev/stdout -> /proc/self/fd/1 -> pipe:[...]) reads as no path at
      // all, but the kernel follows it: look at what it leads to.
      Path examined =
          !Files.exists(path, LinkOption.NOFOLLOW_LINKS) && Files.exists(out) ? out : path;
      if (Files.exists(examined, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(examined)) {
        throw new RefusedException(
            out,
            "is "
                + kind(examined)
                + ", not a regular file; baseimg writes regular files only (give another path,"
                + " or - for standard output where the command takes it)");
      }
    } catch (IOException e) {
      throw new RefusedException(out, "cannot be examined: " + e.getMessage());
    }
    return path;
  }

  private static String kind(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return "a directory";
    }
    int mode = (Integer) Files.getAttribute(path, "unix:mode");
    return switch (FileType.ofMode(mode)) {
      case CHAR_DEVICE -> "a character device";
      case BLOCK_DEVICE -> "a block device";
      case FIFO -> "a FIFO";
      case SOCKET -> "a socket";
      default -> "a special file";
    };
  }
}
