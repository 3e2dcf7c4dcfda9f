package org.baseimg.kconfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.baseimg.image.Architecture;
import org.baseimg.image.ImageSpec;

/**
 * What to carry forward, for {@link KernelConfigs#carryForward}: a base config, the fragments to
 * apply to it, the target, and the kernel tree whose Kconfig files and {@code make} decide the
 * result. Every field has a default, so that {@code CarryForward.builder().build()} carries
 * Debian's 6.1 amd64 config to arm64 in Debian's own 6.1 tree.
 *
 * <pre>{@code
 * CarryForward request = CarryForward.from(spec); // the profile's kernel: section
 * CarryForward mine =
 *     CarryForward.builder().fragments(List.of("serial-console", "va-48bit")).build();
 * }</pre>
 *
 * @param base a stock base config such as {@code debian-6.1}, or a file (see {@link StockConfigs})
 * @param arch the target
 * @param fragments stock fragment names of the target or files, applied in order
 * @param source an unpacked kernel tree; empty to fetch Debian's {@code linux-source-}{@value
 *     #DEBIAN_SOURCE_SERIES} package of {@code suite} and unpack it into the cache
 * @param suite the Debian suite whose linux-source package is fetched when there is no source
 * @param cacheDirectory where the fetched source and kconfig's built programs are kept
 * @param compatCrossCompile {@code CROSS_COMPILE_COMPAT} for arm64's 32-bit vDSO, {@code none} for
 *     a config without it, or empty to use {@link Toolchain#DEFAULT_ARM64_COMPAT} when installed
 */
public record CarryForward(
    String base,
    Architecture arch,
    List<String> fragments,
    Optional<Path> source,
    String suite,
    Path cacheDirectory,
    Optional<String> compatCrossCompile) {

  /** The base config when none is given: Debian's amd64 config of Linux 6.1. */
  public static final String DEFAULT_BASE = "debian-6.1";

  /** The target when none is given. */
  public static final Architecture DEFAULT_ARCH = Architecture.ARM64;

  /** The suite whose linux-source package is fetched when none is given. */
  public static final String DEFAULT_SUITE = "bookworm";

  /** The cache when none is given: {@code kernel} in baseimg's default cache directory. */
  public static final String DEFAULT_CACHE_DIRECTORY =
      ImageSpec.BuildSpec.DEFAULT_CACHE_DIRECTORY + "/kernel";

  /** The series of Debian's linux-source package fetched without a source: that of the base. */
  public static final String DEBIAN_SOURCE_SERIES = "6.1";

  public CarryForward {
    if (base == null || arch == null || fragments == null || suite == null) {
      throw new IllegalArgumentException(
          "a base, an architecture, fragments and a suite are needed");
    }
    if (cacheDirectory == null) {
      throw new IllegalArgumentException("a cache directory is required");
    }
    if (source == null || compatCrossCompile == null) {
      throw new IllegalArgumentException("use Optional.empty() for no source or compat prefix");
    }
    fragments = List.copyOf(fragments);
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The request a profile's {@code kernel:} section makes: its base, fragments and source, the
   * profile's architecture as the target, and {@code kernel} in the profile's cache directory. The
   * suite stays {@link #DEFAULT_SUITE}: the base's kernel series decides which suite has its
   * source, not the image's suite.
   *
   * @throws IllegalArgumentException when the profile has no {@code kernel:} section
   */
  public static CarryForward from(ImageSpec spec) {
    ImageSpec.KernelSpec kernel =
        spec.kernel()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "profile " + spec.name() + " has no kernel: section"));
    Builder builder =
        builder()
            .base(kernel.base())
            .arch(spec.arch())
            .fragments(kernel.fragments())
            .cacheDirectory(spec.build().cacheDirectory().resolve("kernel"));
    kernel.source().ifPresent(builder::source);
    return builder.build();
  }

  /** A builder holding this request's values, to change some of them. */
  public Builder toBuilder() {
    Builder builder =
        builder()
            .base(base)
            .arch(arch)
            .fragments(fragments)
            .suite(suite)
            .cacheDirectory(cacheDirectory);
    builder.source = source;
    builder.compatCrossCompile = compatCrossCompile;
    return builder;
  }

  /** Builds a {@link CarryForward}; what is not set keeps its default. */
  public static final class Builder {
    private String base = DEFAULT_BASE;
    private Architecture arch = DEFAULT_ARCH;
    private List<String> fragments = List.of();
    private Optional<Path> source = Optional.empty();
    private String suite = DEFAULT_SUITE;
    private Path cacheDirectory = Path.of(DEFAULT_CACHE_DIRECTORY);
    private Optional<String> compatCrossCompile = Optional.empty();

    private Builder() {}

    /** A stock base name or a file. */
    public Builder base(String reference) {
      this.base = reference;
      return this;
    }

    public Builder arch(Architecture target) {
      this.arch = target;
      return this;
    }

    /** Stock fragment names of the target or files, in order; replaces any given before. */
    public Builder fragments(List<String> references) {
      this.fragments = references;
      return this;
    }

    /** An unpacked kernel tree, instead of Debian's package. */
    public Builder source(Path tree) {
      this.source = Optional.of(tree);
      return this;
    }

    public Builder suite(String debianSuite) {
      this.suite = debianSuite;
      return this;
    }

    public Builder cacheDirectory(Path directory) {
      this.cacheDirectory = directory;
      return this;
    }

    /** A {@code CROSS_COMPILE_COMPAT} prefix, or {@code none}. */
    public Builder compatCrossCompile(String prefix) {
      this.compatCrossCompile = Optional.of(prefix);
      return this;
    }

    public CarryForward build() {
      return new CarryForward(
          base, arch, fragments, source, suite, cacheDirectory, compatCrossCompile);
    }
  }
}
