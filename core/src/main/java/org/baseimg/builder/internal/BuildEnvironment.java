package org.baseimg.builder.internal;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.cache.BaseCache;

/**
 * Where the build steps run and the tree lives: a chroot on this host, or a container. The steps in
 * {@link BuildSteps} are the same for every environment; only these operations differ.
 */
public interface BuildEnvironment extends AutoCloseable {

  /** The image being built. */
  Target target();

  /** Work to do before the first step can touch the tree (a builder image, a container). */
  default List<BuildSteps.Step> setUp() {
    return List.of();
  }

  /** Bootstraps the spec's suite into the target with debootstrap. */
  void bootstrap(URI mirror) throws BaseimgException, InterruptedException, IOException;

  /** Whether a kept tree can be the start of this build. */
  boolean hasCached(BaseCache.Lookup kept);

  /** Makes the target's tree a copy of a kept one. */
  void restore(BaseCache.Lookup kept) throws BaseimgException, InterruptedException, IOException;

  /** Keeps the target's tree under {@code kept}'s key. */
  void store(BaseCache.Lookup kept) throws BaseimgException, InterruptedException, IOException;

  /** Runs {@code work} (apt) with downloaded packages shared between builds. */
  void withAptCache(BuildSteps.Work work)
      throws BaseimgException, InterruptedException, IOException;

  /** Undoes what commands in the image needed mounted. */
  void unmount() throws BaseimgException, InterruptedException;

  /** Whether the target's binaries run under QEMU user emulation here. */
  boolean emulated();

  /** The tools that made the tree, for the manifest. */
  Map<String, Object> tools();

  /** Where the build ran, for the manifest: no host names, no dates. */
  Map<String, Object> description();

  @Override
  void close();
}
