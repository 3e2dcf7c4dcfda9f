package org.baseimg.builder.internal.host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.baseimg.BaseimgException;
import org.baseimg.builder.Manifest;
import org.baseimg.builder.Prerequisites;
import org.baseimg.builder.internal.BuildContext;
import org.baseimg.builder.internal.BuildEnvironment;
import org.baseimg.builder.internal.Debootstrap;
import org.baseimg.builder.internal.Target;
import org.baseimg.builder.internal.cache.BaseCache;
import org.baseimg.builder.internal.cache.CacheLayout;
import org.baseimg.event.EventListener;
import org.baseimg.fs.ImagePath;
import org.baseimg.image.ImageSpec;
import org.baseimg.internal.FileLocks;
import org.baseimg.internal.Processes;

/**
 * The build on this host: the tree is a directory in the work directory, commands run in it with
 * chroot, debootstrap's first stage runs natively and its second through binfmt_misc, kept trees
 * are copied in and out, and apt's archive directory is bind-mounted from the cache.
 */
public final class HostEnvironment implements BuildEnvironment {
  private final BuildContext context;
  private final ImageSpec spec;
  private final HostTarget target;
  private final EventListener events;

  public HostEnvironment(BuildContext context) {
    this.context = context;
    this.spec = context.spec();
    this.target =
        new HostTarget(
            context.work().resolve("rootfs"), context.commandEnvironment(), context.cleanup());
    this.events = context.events();
  }

  @Override
  public Target bootstrap() throws BaseimgException, InterruptedException {
    Debootstrap.bootstrap(
        spec,
        spec.variant(),
        List.of(),
        Optional.of(context.mirror()),
        target.tree(),
        CacheLayout.debs(context.cacheRoot(), spec),
        context.commandEnvironment(),
        events);
    return target;
  }

  @Override
  public boolean hasCached(BaseCache.Lookup kept) throws InterruptedException {
    return kept.exists() || (context.remoteCache().fetch(kept) && kept.exists());
  }

  /** Copies the kept tree in, and publishes it to cache-to when the registry lacks it. */
  @Override
  public Target restore(BaseCache.Lookup kept) throws BaseimgException, InterruptedException {
    kept.markUsed();
    BaseCache.copyTree(kept.tree(), target.tree(), events);
    context.remoteCache().publish(kept, context.work());
    return target;
  }

  /** Keeps the tree in the cache directory, then publishes the kept copy to cache-to. */
  @Override
  public void store(BaseCache.Lookup kept) throws BaseimgException, InterruptedException {
    BaseCache.store(kept, target.tree(), events);
    context.remoteCache().publish(kept, context.work());
  }

  /**
   * Installs packages with apt's archive directory shared between builds (bind-mounted from the
   * cache), under a lock: apt cannot share it with another apt at the same time.
   */
  @Override
  public void withAptCache(FileLocks.Action work)
      throws BaseimgException, InterruptedException, IOException {
    Path shared = CacheLayout.aptArchives(context.cacheRoot(), spec);
    Path inImage = target.directory(ImagePath.of("/var/cache/apt/archives"));
    FileLocks.underLock(
        CacheLayout.aptLock(shared),
        () -> {
          target.mount(events);
          Processes.run(
              Processes.Command.of(
                  "mount apt cache", "mount", "--bind", shared.toString(), inImage.toString()),
              events);
          try {
            work.run();
          } finally {
            Processes.run(
                Processes.Command.of("umount apt cache", "umount", inImage.toString()),
                EventListener.NONE);
          }
        });
  }

  @Override
  public void unmount() {
    target.unmount();
  }

  @Override
  public boolean emulated() {
    return Prerequisites.isForeign(spec.arch());
  }

  @Override
  public Map<String, String> tools() {
    Map<String, String> tools = new LinkedHashMap<>();
    tools.put("debootstrap", Debootstrap.version());
    if (emulated()) {
      tools.put("qemu", BinfmtRegistration.qemuVersion(spec.arch()));
    }
    return tools;
  }

  @Override
  public Manifest.Environment description() {
    return Manifest.Environment.host();
  }

  @Override
  public void close() {
    target.unmount();
  }
}
