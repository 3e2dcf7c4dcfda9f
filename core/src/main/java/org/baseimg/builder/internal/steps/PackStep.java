package org.baseimg.builder.internal.steps;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.BuildContext;
import org.baseimg.builder.internal.BuildState;
import org.baseimg.builder.internal.BuildStep;
import org.baseimg.builder.internal.cache.CacheLayout;
import org.baseimg.image.ImageSpec;
import org.baseimg.initramfs.FrameCache;
import org.baseimg.initramfs.InitProgram;
import org.baseimg.initramfs.InitramfsWriter;
import org.baseimg.initramfs.PackOptions;
import org.baseimg.initramfs.PackResult;
import org.baseimg.initramfs.RootfsException;
import org.baseimg.internal.AtomicFile;

/**
 * Packs the finished tree as the initramfs, into a temporary file beside the output that the
 * manifest step puts in place (or the cleanup discards).
 */
public final class PackStep implements BuildStep {
  private final BuildContext context;

  public PackStep(BuildContext context) {
    this.context = context;
  }

  @Override
  public String name() {
    return "pack " + context.spec().output().compression();
  }

  @Override
  public void run(BuildState state) throws BaseimgException, InterruptedException, IOException {
    Path artifact = context.artifact();
    Files.createDirectories(artifact.toAbsolutePath().getParent());
    AtomicFile output = AtomicFile.create(artifact);
    context.cleanup().add("discard " + artifact, output::close);
    try (OutputStream out = output.stream()) {
      PackResult packed =
          InitramfsWriter.create(packOptions(context.spec(), context.epoch()), context.events())
              .withFrameCache(FrameCache.at(context.cacheRoot().resolve(CacheLayout.FRAMES)))
              .write(state.target().rootfs(), out);
      state.packed(packed, output);
    } catch (RootfsException e) {
      throw new BaseimgException("the built tree cannot be packed: " + e.getMessage(), e);
    }
  }

  private static PackOptions packOptions(ImageSpec spec, long epoch) {
    InitProgram init =
        spec.init() instanceof ImageSpec.InitSpec.File file
            ? InitProgram.file(file.path())
            : InitProgram.builtin();
    return PackOptions.defaults()
        .withCompression(spec.output().compression())
        .withInit(init)
        .withEpoch(epoch);
  }
}
