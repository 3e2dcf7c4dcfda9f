package org.baseimg.build.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The names below a build cache's root, shared by the steps that fill it and by {@link
 * org.baseimg.build.BuildCache}, which lists and prunes it.
 *
 * <pre>
 * bases/SUITE-ARCH-KEY/{rootfs,complete}    bootstrapped trees
 * layers/SUITE-ARCH-KEY/{rootfs,complete}   trees after apt installed the profile's packages
 * debs/SUITE-ARCH/                          .debs debootstrap downloaded
 * apt/SUITE-ARCH/                           apt's archive directory
 * work/build-N/.lock                        a running build's work, locked while it runs
 * </pre>
 */
public final class CacheLayout {
  public static final String BASES = "bases";
  public static final String LAYERS = "layers";
  public static final String DEBS = "debs";
  public static final String APT = "apt";
  public static final String WORK = "work";

  /** In a kept tree's directory: the tree itself. */
  public static final String TREE = "rootfs";

  /** In a kept tree's directory: written last, and touched by every build that uses the tree. */
  public static final String COMPLETE = "complete";

  /** A tree being kept: its directory's name, this, and the keeping process's id. */
  public static final String PARTIAL = ".partial-";

  /** In a work directory: the lock its build holds while it runs. */
  public static final String LOCK = ".lock";

  private CacheLayout() {}

  /** Whether a running build, in this JVM or another process, holds a work directory's lock. */
  public static boolean isLocked(Path workDirectory) throws IOException {
    try (FileChannel lockFile =
            FileChannel.open(
                workDirectory.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.tryLock()) {
      return lock == null;
    } catch (OverlappingFileLockException ownBuild) {
      return true;
    }
  }
}
