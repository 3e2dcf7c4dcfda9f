package org.baseimg.builder.internal.host;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.baseimg.BaseimgException;
import org.baseimg.builder.Prerequisites;
import org.baseimg.builder.internal.BuildEnvironment;
import org.baseimg.builder.internal.BuildSteps;
import org.baseimg.builder.internal.Cleanup;
import org.baseimg.builder.internal.Debootstrap;
import org.baseimg.builder.internal.Target;
import org.baseimg.builder.internal.cache.BaseCache;
import org.baseimg.event.EventListener;
import org.baseimg.image.ImageSpec;
import org.baseimg.internal.Processes;

/**
 * The build on this host: the tree is a directory in the work directory, commands run in it with
 * chroot, debootstrap's first stage runs natively and its second through binfmt_misc, kept trees
 * are copied in and out, and apt's archive directory is bind-mounted from the cache.
 */
public final class HostEnvironment implements BuildEnvironment {
  private final ImageSpec spec;
  private final Path cacheRoot;
  private final Map<String, String> chrootEnvironment;
  private final HostTarget target;
  private final EventListener events;

  public HostEnvironment(
      ImageSpec spec,
      Path cacheRoot,
      Path tree,
      Map<String, String> chrootEnvironment,
      Cleanup cleanup,
      EventListener events) {
    this.spec = spec;
    this.cacheRoot = cacheRoot;
    this.chrootEnvironment = chrootEnvironment;
    this.target = new HostTarget(tree, chrootEnvironment, cleanup);
    this.events = events;
  }

  @Override
  public Target target() {
    return target;
  }

  @Override
  public void bootstrap(URI mirror) throws BaseimgException, InterruptedException {
    Debootstrap.bootstrap(
        spec,
        spec.variant(),
        List.of(),
        Optional.of(mirror),
        target.tree(),
        BuildSteps.debCache(cacheRoot, spec),
        chrootEnvironment,
        events);
  }

  @Override
  public boolean hasCached(BaseCache.Lookup kept) {
    return kept.exists();
  }

  @Override
  public void restore(BaseCache.Lookup kept) throws BaseimgException, InterruptedException {
    kept.markUsed();
    BaseCache.copyTree(kept.tree(), target.tree(), events);
  }

  @Override
  public void store(BaseCache.Lookup kept) throws BaseimgException, InterruptedException {
    BaseCache.store(kept, target.tree(), events);
  }

  /**
   * Installs packages with apt's archive directory shared between builds (bind-mounted from the
   * cache), under a lock: apt cannot share it with another apt at the same time.
   */
  @Override
  public void withAptCache(BuildSteps.Work work)
      throws BaseimgException, InterruptedException, IOException {
    Path shared = BuildSteps.aptCache(cacheRoot, spec);
    Path inImage = target.tree().resolve("var/cache/apt/archives");
    Files.createDirectories(inImage);
    BuildSteps.underLock(
        shared.resolve(".baseimg-lock"),
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
  public Map<String, Object> tools() {
    Map<String, Object> tools = new LinkedHashMap<>();
    tools.put("debootstrap", Debootstrap.version());
    if (emulated()) {
      tools.put("qemu", BuildSteps.qemuVersion(spec.arch()));
    }
    return tools;
  }

  @Override
  public boolean emulated() {
    return Prerequisites.isForeign(spec.arch());
  }

  @Override
  public Map<String, Object> description() {
    return Map.of("name", "host");
  }

  @Override
  public void close() {
    target.unmount();
  }
}
