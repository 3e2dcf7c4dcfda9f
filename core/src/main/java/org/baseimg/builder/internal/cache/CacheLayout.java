package org.baseimg.builder.internal.cache;

import java.io.IOException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.baseimg.image.ImageSpec;
import org.baseimg.internal.FileLocks;

/**
 * The names below a build cache's root, shared by the steps that fill it and by {@link
 * org.baseimg.builder.BuildCache}, which lists and prunes it.
 *
 * <pre>
 * bases/SUITE-ARCH-KEY/{rootfs,complete}    bootstrapped trees
 * layers/SUITE-ARCH-KEY/{rootfs,complete}   trees after apt installed the profile's packages
 * debs/SUITE-ARCH/                          .debs debootstrap downloaded
 * apt/SUITE-ARCH/                           apt's archive directory
 * work/build-N/.lock                        a running build's work, locked while it runs
 * work/.new-N/                              the same, until its build has locked it
 * frames/ab/abcd....frame                   zstd frames of earlier artifacts, by segment (LRU)
 * </pre>
 */
public final class CacheLayout {
  public static final String BASES = "bases";
  public static final String LAYERS = "layers";
  public static final String DEBS = "debs";
  public static final String APT = "apt";
  public static final String WORK = "work";

  /** Compressed frames of earlier builds' artifacts, taken again where a segment is unchanged. */
  public static final String FRAMES = "frames";

  /** In a kept tree's directory: the tree itself. */
  public static final String TREE = "rootfs";

  /** In a kept tree's directory: written last, and touched by every build that uses the tree. */
  public static final String COMPLETE = "complete";

  /** A tree being kept: its directory's name, this, and the keeping process's id. */
  public static final String PARTIAL = ".partial-";

  /** In a work directory: the lock its build holds while it runs. */
  public static final String LOCK = ".lock";

  /** A work directory's name until its build has locked it; builds pass over such names. */
  public static final String NEW_WORK = ".new-";

  /**
   * Work directories of this JVM's builds: their locks are never probed from here, since closing
   * the probing channel would drop the lock at the OS level (fcntl locks belong to the process).
   */
  private static final Set<Path> HELD_WORK = ConcurrentHashMap.newKeySet();

  private CacheLayout() {}

  /** Where downloaded .debs of the spec's suite and architecture are kept between builds. */
  public static Path debs(Path cacheRoot, ImageSpec spec) {
    return cacheRoot.resolve(DEBS).resolve(spec.suite() + "-" + spec.arch().debianName());
  }

  /** apt's archive directory shared between builds of the suite and architecture (created). */
  public static Path aptArchives(Path cacheRoot, ImageSpec spec) throws IOException {
    Path shared = cacheRoot.resolve(APT).resolve(spec.suite() + "-" + spec.arch().debianName());
    Files.createDirectories(shared.resolve("partial"));
    return shared;
  }

  /** The lock that keeps two apt runs from sharing {@code aptArchives} at once. */
  public static Path aptLock(Path aptArchives) {
    return aptArchives.resolve(".baseimg-lock");
  }

  /** The lock that keeps two debootstraps from writing the same .deb at once. */
  public static Path debsLock(Path debs) {
    return debs.resolve(LOCK);
  }

  public static void holdWork(Path workDirectory) {
    HELD_WORK.add(workDirectory.toAbsolutePath().normalize());
  }

  public static void releaseWork(Path workDirectory) {
    HELD_WORK.remove(workDirectory.toAbsolutePath().normalize());
  }

  /** Whether a running build, in this JVM or another process, holds a work directory's lock. */
  public static boolean isLocked(Path workDirectory) throws IOException {
    if (HELD_WORK.contains(workDirectory.toAbsolutePath().normalize())) {
      return true;
    }
    try {
      return FileLocks.lockedElsewhere(
          workDirectory.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (OverlappingFileLockException ownBuild) {
      return true;
    }
  }
}
