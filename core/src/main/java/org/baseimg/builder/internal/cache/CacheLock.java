package org.baseimg.builder.internal.cache;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.baseimg.BaseimgException;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.internal.FileLocks;

/**
 * The lock on a cache root's {@code .lock} file: every build holds it shared from start to cleanup,
 * {@code baseimg cache prune} exclusively, so that pruning never removes a tree a build is copying.
 * In one JVM a root has one channel whatever the number of builds: on Linux, closing any channel of
 * a file drops the process's locks on it.
 */
public final class CacheLock implements AutoCloseable {
  private static final Map<Path, Held> HELD = new HashMap<>();

  private static final class Held {
    final FileChannel channel;
    final FileLock lock;
    int users = 1;

    Held(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }
  }

  private final Path root;
  private boolean closed;

  private CacheLock(Path root) {
    this.root = root;
  }

  /** Takes the lock shared, waiting (and saying so) while a prune holds it. */
  public static CacheLock shared(Path root, EventListener events)
      throws BaseimgException, InterruptedException {
    Path key = root.toAbsolutePath().normalize();
    synchronized (HELD) {
      Held held = HELD.get(key);
      if (held != null) {
        if (!held.lock.isShared()) {
          throw new BaseimgException("the cache " + key + " is being pruned by this process");
        }
        held.users++;
        return new CacheLock(key);
      }
      FileChannel channel = open(key);
      try {
        FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
        if (lock == null) {
          events.on(
              new Event.Info(
                  "waiting for the cache " + key + ": baseimg cache prune is removing trees"));
          lock = channel.lock(0, Long.MAX_VALUE, true);
        }
        HELD.put(key, new Held(channel, lock));
        return new CacheLock(key);
      } catch (ClosedByInterruptException e) {
        throw new InterruptedException("stopped while waiting for the cache lock of " + key);
      } catch (IOException e) {
        closeQuietly(channel);
        throw new BaseimgException("cannot lock the cache " + key + ": " + e.getMessage(), e);
      }
    }
  }

  /** Takes the lock exclusively if no build, here or in another process, holds it. */
  public static Optional<CacheLock> tryExclusive(Path root) throws BaseimgException {
    Path key = root.toAbsolutePath().normalize();
    synchronized (HELD) {
      if (HELD.containsKey(key)) {
        return Optional.empty();
      }
      FileChannel channel = open(key);
      try {
        FileLock lock = channel.tryLock(0, Long.MAX_VALUE, false);
        if (lock == null) {
          channel.close();
          return Optional.empty();
        }
        HELD.put(key, new Held(channel, lock));
        return Optional.of(new CacheLock(key));
      } catch (IOException e) {
        closeQuietly(channel);
        throw new BaseimgException("cannot lock the cache " + key + ": " + e.getMessage(), e);
      }
    }
  }

  /** Whether a build holds the lock now; an existing cache is never created or written. */
  public static boolean buildRunning(Path root) throws BaseimgException {
    Path key = root.toAbsolutePath().normalize();
    synchronized (HELD) {
      Held held = HELD.get(key);
      if (held != null) {
        return held.lock.isShared();
      }
      if (!Files.exists(key.resolve(CacheLayout.LOCK))) {
        return false;
      }
      // A read-only channel can carry only a shared lock, and a shared lock is refused only
      // while a prune holds it; so probe for writers with an exclusive lock when allowed.
      try {
        return FileLocks.lockedElsewhere(key.resolve(CacheLayout.LOCK), StandardOpenOption.WRITE);
      } catch (java.nio.file.AccessDeniedException e) {
        return true; // another user's cache: say what a build might be doing, remove nothing
      } catch (IOException e) {
        throw new BaseimgException(
            "cannot read the cache lock of " + key + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void close() {
    synchronized (HELD) {
      if (closed) {
        return;
      }
      closed = true;
      Held held = HELD.get(root);
      if (held == null || --held.users > 0) {
        return;
      }
      HELD.remove(root);
      try {
        held.lock.release();
      } catch (IOException e) {
        // Closing the channel below releases it too.
      }
      closeQuietly(held.channel);
    }
  }

  private static FileChannel open(Path root) throws BaseimgException {
    try {
      Files.createDirectories(root);
      return FileChannel.open(
          root.resolve(CacheLayout.LOCK),
          StandardOpenOption.CREATE,
          StandardOpenOption.READ,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new BaseimgException(
          "cannot open the cache lock in " + root + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing is left to undo.
    }
  }
}
