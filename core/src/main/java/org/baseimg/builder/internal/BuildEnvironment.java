package org.baseimg.builder.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.baseimg.BaseimgException;
import org.baseimg.builder.Manifest;
import org.baseimg.builder.internal.cache.BaseCache;
import org.baseimg.internal.FileLocks;

/**
 * Where the steps run and the tree lives: a chroot on this host, or a container. The steps are the
 * same for every environment; only these operations differ. The image comes into being in {@link
 * #bootstrap} or {@link #restore}, which return it for the later steps.
 */
public interface BuildEnvironment extends AutoCloseable {

  /** Steps to run before the tree can exist (a builder image); none by default. */
  default List<BuildStep> preparation() {
    return List.of();
  }

  /** Bootstraps the spec's suite with debootstrap and returns the new image. */
  Target bootstrap() throws BaseimgException, InterruptedException, IOException;

  /**
   * Whether a kept tree can be the start of this build; on this host, after fetching it from the
   * build's {@code cache-from} registry when the cache directory lacks it.
   */
  boolean hasCached(BaseCache.Lookup kept) throws InterruptedException;

  /** Starts the image as a copy of a kept tree and returns it. */
  Target restore(BaseCache.Lookup kept) throws BaseimgException, InterruptedException, IOException;

  /** Keeps the image's tree as it is now under {@code kept}'s key. */
  void store(BaseCache.Lookup kept) throws BaseimgException, InterruptedException, IOException;

  /** Runs {@code work} (apt) with downloaded packages shared between builds. */
  void withAptCache(FileLocks.Action work)
      throws BaseimgException, InterruptedException, IOException;

  /** Undoes what commands in the image needed mounted. */
  void unmount() throws BaseimgException, InterruptedException;

  /** Whether the target's binaries run under QEMU user emulation here. */
  boolean emulated();

  /** The tools that made the tree, by name, for the manifest. */
  Map<String, String> tools();

  /** Where the build ran, for the manifest: no host names, no dates. */
  Manifest.Environment description();

  @Override
  void close();
}
