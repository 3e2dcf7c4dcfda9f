package org.baseimg.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.baseimg.BaseimgException;

/**
 * Exclusive locks on files that several builds (in other processes too) share: the .deb cache,
 * apt's archive directory, a kernel tree's O= directory. They are fcntl locks, which belong to the
 * process: within one JVM two threads must not take the same one (the second gets {@link
 * java.nio.channels.OverlappingFileLockException}).
 */
public final class FileLocks {
  private FileLocks() {}

  /** Work that may fail as a build step does. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws BaseimgException, InterruptedException, IOException;
  }

  /** Work with nothing to return. */
  @FunctionalInterface
  public interface Action {
    void run() throws BaseimgException, InterruptedException, IOException;
  }

  /**
   * Runs {@code work} holding the exclusive lock on {@code lockFile} (created, with its
   * directories, when missing), waiting for other holders first.
   */
  @SuppressWarnings("try") // the lock is held while the work runs, never called
  public static <T> T underLock(Path lockFile, Work<T> work)
      throws BaseimgException, InterruptedException, IOException {
    Files.createDirectories(lockFile.toAbsolutePath().getParent());
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      return work.run();
    }
  }

  /** {@link #underLock(Path, Work)} for work that returns nothing. */
  public static void underLock(Path lockFile, Action action)
      throws BaseimgException, InterruptedException, IOException {
    underLock(
        lockFile,
        () -> {
          action.run();
          return null;
        });
  }

  /**
   * Whether another process holds a lock on {@code lockFile}: probes with an exclusive lock that is
   * released at once. Never probe a file this process holds a lock on through another channel: the
   * JDK refuses the probe ({@link java.nio.channels.OverlappingFileLockException}), and closing the
   * probing channel would drop the process's lock.
   *
   * @param options how to open the file: at least {@link StandardOpenOption#WRITE}, which an
   *     exclusive lock needs
   */
  public static boolean lockedElsewhere(Path lockFile, OpenOption... options) throws IOException {
    try (FileChannel channel = FileChannel.open(lockFile, options);
        FileLock probe = channel.tryLock()) {
      return probe == null;
    }
  }
}
