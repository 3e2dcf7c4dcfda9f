package org.baseimg.builder.internal.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.host.Mounts;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.internal.Cleanup;

/**
 * A build's private directory under the cache, locked while the build runs and removed by its
 * cleanup. Directories whose lock is free belong to builds that were killed: their mounts are
 * undone and they are removed when the next build starts.
 */
public final class WorkDirectory implements AutoCloseable {
  private final Path path;
  private final FileChannel lockFile;
  private final FileLock lock;

  private WorkDirectory(Path path, FileChannel lockFile, FileLock lock) {
    this.path = path;
    this.lockFile = lockFile;
    this.lock = lock;
  }

  /** Makes and locks a new work directory below {@code root}, after removing killed builds'. */
  public static WorkDirectory create(Path root, Cleanup cleanup, EventListener events)
      throws BaseimgException, InterruptedException {
    try {
      Files.createDirectories(root);
      removeStale(root, events);
      // Made under a name other builds pass over, and named build-* only once locked, so that
      // none takes it for a killed build's between the two.
      Path fresh = Files.createTempDirectory(root, CacheLayout.NEW_WORK);
      FileChannel lockFile =
          FileChannel.open(
              fresh.resolve(CacheLayout.LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = lockFile.lock();
      Path path =
          root.resolve(
              "build-" + fresh.getFileName().toString().substring(CacheLayout.NEW_WORK.length()));
      Files.move(fresh, path, StandardCopyOption.ATOMIC_MOVE);
      CacheLayout.holdWork(path);
      cleanup.add("remove " + path, () -> Mounts.unmountAndDelete(path, EventListener.NONE));
      return new WorkDirectory(path, lockFile, lock);
    } catch (IOException e) {
      throw new BaseimgException(
          "cannot make a work directory in " + root + ": " + e.getMessage(), e);
    }
  }

  /** Removes work directories of builds that were killed: mounts first, then the files. */
  private static void removeStale(Path root, EventListener events)
      throws IOException, BaseimgException, InterruptedException {
    List<Path> directories;
    try (Stream<Path> list = Files.list(root)) {
      directories = list.filter(Files::isDirectory).toList();
    }
    for (Path directory : directories) {
      if (directory.getFileName().toString().startsWith(CacheLayout.NEW_WORK)
          && Files.getLastModifiedTime(directory)
              .toInstant()
              .isAfter(Instant.now().minusSeconds(3600))) {
        continue; // another build's, about to be locked
      }
      if (!CacheLayout.isLocked(directory)) {
        events.on(new Event.Info("removing " + directory + ", left by a build that was killed"));
        Mounts.unmountAndDelete(directory, events);
      }
    }
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() {
    CacheLayout.releaseWork(path);
    try {
      lock.release();
      lockFile.close();
    } catch (IOException e) {
      // The directory is removed by the cleanup either way.
    }
  }
}
