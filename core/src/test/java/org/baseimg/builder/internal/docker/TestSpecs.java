package org.baseimg.builder.internal.docker;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.baseimg.image.Architecture;
import org.baseimg.image.ImageSpec;
import org.baseimg.initramfs.Compression;

/** Specs for tests that need one but build nothing. */
public final class TestSpecs {
  private TestSpecs() {}

  /** Minbase of {@code suite} for arm64, main only, with the built-in init. */
  static ImageSpec arm64(String suite) {
    return arm64(suite, Optional.empty());
  }

  /** The same, with a {@code kernel:} section if given. */
  public static ImageSpec arm64(String suite, Optional<ImageSpec.KernelSpec> kernel) {
    return new ImageSpec(
        "test",
        "a test spec",
        Architecture.ARM64,
        suite,
        ImageSpec.Variant.MINBASE,
        Optional.empty(),
        List.of("main"),
        Optional.empty(),
        true,
        true,
        List.of(),
        List.of(),
        Optional.empty(),
        List.of(),
        new ImageSpec.InitSpec.Builtin(),
        ImageSpec.Network.NONE,
        new ImageSpec.OutputSpec(Compression.defaults(), "test.cpio.zst"),
        kernel,
        new ImageSpec.BuildSpec(ImageSpec.Environment.DOCKER, Path.of("/var/cache/baseimg")));
  }
}
