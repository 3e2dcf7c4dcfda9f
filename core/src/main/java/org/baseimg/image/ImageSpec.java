package org.baseimg.image;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything that decides an image, validated and immutable: what to bootstrap, what to add, how to
 * pack it, and where to build it. Profiles (YAML) are one way to write it; the library needs only
 * this.
 *
 * <p>The file is long because the spec's parts are nested here ({@code ImageSpec.KernelSpec},
 * {@code ImageSpec.OutputSpec}, ...), so that they read as parts of the spec, next to the one
 * builder that changes some of its values; each part is a small validated record.
 *
 * @param name the image's name, used for artifact file names
 * @param description one line for people, may be empty
 * @param arch the target architecture
 * @param suite the Debian suite, e.g. {@code bookworm}
 * @param variant debootstrap's variant
 * @param mirror the Debian mirror; empty means debootstrap's default (or the host's apt sources)
 * @param components archive components, e.g. {@code main}
 * @param keyring the keyring that checks the suite's Release file; empty means debootstrap's
 * @param checkSignatures whether Release signatures are checked (turning it off warns)
 * @param checkValidUntil whether apt rejects an expired Release file (off for archived suites)
 * @param repositories extra apt repositories
 * @param packages packages to install after bootstrapping
 * @param agent the configuration-management agent, if any
 * @param files files copied into the image
 * @param init what runs as PID 1
 * @param network how the image brings its network up at boot
 * @param output how the image is packed
 * @param kernel the kernel configuration to carry forward, if any
 * @param build where and how the image is built
 */
public record ImageSpec(
    String name,
    String description,
    Architecture arch,
    String suite,
    Variant variant,
    Optional<URI> mirror,
    List<String> components,
    Optional<Path> keyring,
    boolean checkSignatures,
    boolean checkValidUntil,
    List<AptRepository> repositories,
    List<String> packages,
    Optional<AgentSpec> agent,
    List<OverlayFile> files,
    InitSpec init,
    Network network,
    OutputSpec output,
    Optional<KernelSpec> kernel,
    BuildSpec build) {

  public ImageSpec {
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    requireNonNull(arch, "arch");
    requireNonNull(suite, "suite");
    requireNonNull(variant, "variant");
    requireNonNull(mirror, "mirror");
    requireNonNull(keyring, "keyring");
    requireNonNull(agent, "agent");
    requireNonNull(init, "init");
    requireNonNull(network, "network");
    requireNonNull(output, "output");
    requireNonNull(kernel, "kernel");
    requireNonNull(build, "build");
    components = List.copyOf(components);
    repositories = List.copyOf(repositories);
    packages = List.copyOf(packages);
    files = List.copyOf(files);
    if (components.isEmpty()) {
      throw new IllegalArgumentException("at least one archive component is needed");
    }
  }

  /** The same spec built elsewhere or with another cache. */
  public ImageSpec withBuild(BuildSpec newBuild) {
    return toBuilder().buildSpec(newBuild).build();
  }

  /** The same spec for another architecture: the only change the image team makes. */
  public ImageSpec withArch(Architecture newArch) {
    return toBuilder().arch(newArch).build();
  }

  /** A builder holding this spec's values, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  static void requireNonNull(Object value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is required");
    }
  }

  /**
   * A spec with some values changed: {@code spec.toBuilder().arch(ARM64).build()}. The new spec is
   * validated as any other.
   */
  public static final class Builder {
    private String name;
    private String description;
    private Architecture arch;
    private String suite;
    private Variant variant;
    private Optional<URI> mirror;
    private List<String> components;
    private Optional<Path> keyring;
    private boolean checkSignatures;
    private boolean checkValidUntil;
    private List<AptRepository> repositories;
    private List<String> packages;
    private Optional<AgentSpec> agent;
    private List<OverlayFile> files;
    private InitSpec init;
    private Network network;
    private OutputSpec output;
    private Optional<KernelSpec> kernel;
    private BuildSpec build;

    private Builder(ImageSpec spec) {
      name = spec.name;
      description = spec.description;
      arch = spec.arch;
      suite = spec.suite;
      variant = spec.variant;
      mirror = spec.mirror;
      components = spec.components;
      keyring = spec.keyring;
      checkSignatures = spec.checkSignatures;
      checkValidUntil = spec.checkValidUntil;
      repositories = spec.repositories;
      packages = spec.packages;
      agent = spec.agent;
      files = spec.files;
      init = spec.init;
      network = spec.network;
      output = spec.output;
      kernel = spec.kernel;
      build = spec.build;
    }

    public Builder name(String value) {
      name = value;
      return this;
    }

    public Builder arch(Architecture value) {
      arch = value;
      return this;
    }

    public Builder suite(String value) {
      suite = value;
      return this;
    }

    public Builder packages(List<String> value) {
      packages = value;
      return this;
    }

    public Builder agent(Optional<AgentSpec> value) {
      agent = value;
      return this;
    }

    public Builder files(List<OverlayFile> value) {
      files = value;
      return this;
    }

    public Builder init(InitSpec value) {
      init = value;
      return this;
    }

    public Builder output(OutputSpec value) {
      output = value;
      return this;
    }

    public Builder kernel(Optional<KernelSpec> value) {
      kernel = value;
      return this;
    }

    public Builder buildSpec(BuildSpec value) {
      build = value;
      return this;
    }

    /** The spec, validated. */
    public ImageSpec build() {
      return new ImageSpec(
          name,
          description,
          arch,
          suite,
          variant,
          mirror,
          components,
          keyring,
          checkSignatures,
          checkValidUntil,
          repositories,
          packages,
          agent,
          files,
          init,
          network,
          output,
          kernel,
          build);
    }
  }

  /** debootstrap's variants. */
  public enum Variant {
    /** Essential packages and apt: the smallest tree. */
    MINBASE("minbase"),
    /** minbase plus build-essential. */
    BUILDD("buildd"),
    /** Debian's required and important packages (debootstrap's default). */
    STANDARD("-");

    private final String debootstrapName;

    Variant(String debootstrapName) {
      this.debootstrapName = debootstrapName;
    }

    /** What {@code debootstrap --variant=} takes ({@code -} for the default). */
    public String debootstrapName() {
      return debootstrapName;
    }
  }

  /**
   * An extra apt repository. A repository is signed by a key, unless {@code trusted} says
   * explicitly that it is not checked.
   *
   * @param name names its sources file in the image, e.g. {@code salt}
   * @param uri where it is
   * @param suite its suite (apt's distribution), e.g. {@code stable}
   * @param components its components
   * @param signedBy the key file its Release is signed with
   * @param trusted true to skip the signature check (apt's {@code trusted=yes})
   */
  public record AptRepository(
      String name,
      URI uri,
      String suite,
      List<String> components,
      Optional<Path> signedBy,
      boolean trusted) {
    public AptRepository {
      requireNonNull(name, "repository name");
      requireNonNull(uri, "repository uri");
      requireNonNull(suite, "repository suite");
      requireNonNull(signedBy, "signed-by");
      components = List.copyOf(components);
      if (signedBy.isEmpty() && !trusted) {
        throw new IllegalArgumentException(
            "repository " + uri + " needs a signed-by key, or trusted: true written out");
      }
    }
  }

  /**
   * The configuration-management agent: salt-minion, installed from a repository of the profile. No
   * minion id and no keys are baked into the image; the id is chosen at first boot.
   *
   * @param packageName the package that provides it
   * @param master the salt master to connect to
   * @param minionId how the minion names itself at boot
   * @param grains static grains written to {@code /etc/salt/minion.d}
   * @param enabled whether the service starts at boot
   */
  public record AgentSpec(
      String packageName,
      String master,
      MinionIdPolicy minionId,
      java.util.Map<String, String> grains,
      boolean enabled) {
    public AgentSpec {
      requireNonNull(packageName, "agent package");
      requireNonNull(master, "agent master");
      requireNonNull(minionId, "agent minion-id");
      grains = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(grains));
    }
  }

  /** How a minion picks its id at first boot. */
  public enum MinionIdPolicy {
    /** The host name the machine gets at boot (salt's default). */
    HOSTNAME,
    /** The fully qualified domain name. */
    FQDN,
    /** The machine id generated at first boot ({@code /etc/machine-id}). */
    MACHINE_ID
  }

  /**
   * A host file copied into the image.
   *
   * @param source the host file
   * @param destination where it goes in the image
   * @param mode its permissions, all twelve bits
   * @param owner its owner, a name or a number
   * @param group its group, a name or a number
   */
  public record OverlayFile(
      Path source, org.baseimg.fs.ImagePath destination, int mode, String owner, String group) {
    public OverlayFile {
      requireNonNull(source, "file source");
      requireNonNull(destination, "file destination");
      requireNonNull(owner, "file owner");
      requireNonNull(group, "file group");
      if ((mode & ~07777) != 0) {
        throw new IllegalArgumentException(
            "mode 0" + Integer.toOctalString(mode) + " exceeds 07777");
      }
    }
  }

  /** How the image brings its network up at boot. */
  public enum Network {
    /** It does not: the image or its agent does it. */
    NONE,
    /**
     * Every interface with DHCP (dhcpcd), started by the built-in init before the agent; with
     * systemd, by systemd-networkd's default.
     */
    DHCP
  }

  /** What runs as PID 1 of the RAM root file system. */
  public sealed interface InitSpec {
    /**
     * baseimg's minimal init: mounts, then /sbin/init or a shell; without /sbin/init it starts an
     * enabled agent itself.
     */
    record Builtin() implements InitSpec {}

    /** systemd, installed as a package and started as /sbin/init. */
    record Systemd() implements InitSpec {}

    /** A host file installed as /init. */
    record File(Path path) implements InitSpec {}
  }

  /**
   * How the image is packed.
   *
   * @param compression the compressor
   * @param fileName the artifact's file name
   */
  public record OutputSpec(org.baseimg.initramfs.Compression compression, String fileName) {
    public OutputSpec {
      requireNonNull(compression, "compression");
      requireNonNull(fileName, "output file");
      if (fileName.isBlank() || fileName.contains("/")) {
        throw new IllegalArgumentException("output file must be a plain file name: " + fileName);
      }
    }

    /**
     * The artifact's name without {@code .cpio} and what follows, which the boot set's other files
     * share: {@code edge-arm64} of {@code edge-arm64.cpio.zst}, so {@code edge-arm64.Image}.
     */
    public String stem() {
      int cpio = fileName.indexOf(".cpio");
      return cpio > 0 ? fileName.substring(0, cpio) : fileName;
    }
  }

  /**
   * The image's kernel: where it comes from, and the configuration carried forward to this
   * architecture.
   *
   * @param from where the boot set's kernel comes from; {@link From#NONE} for a configuration only
   *     (for {@code kconfig generate}), no kernel in the build
   * @param base the starting config: a stock config's name or a host file
   * @param fragments fragments applied on top: stock names or host files
   * @param source the kernel source tree, or empty to take the suite's linux-source package
   * @param packageName with {@link From#PACKAGE}: Debian's kernel package, e.g. {@code
   *     linux-image-cloud-arm64}
   * @param modules modules to put into the image (names, globs, or paths such as {@code
   *     kernel/drivers/net/virtio*}), with what they need
   */
  public record KernelSpec(
      From from,
      String base,
      List<String> fragments,
      Optional<Path> source,
      String packageName,
      List<String> modules) {
    public KernelSpec {
      requireNonNull(from, "kernel from");
      requireNonNull(base, "kernel base");
      requireNonNull(source, "kernel source");
      requireNonNull(packageName, "kernel package");
      fragments = List.copyOf(fragments);
      modules = List.copyOf(modules);
      if (from == From.PACKAGE && packageName.isBlank()) {
        throw new IllegalArgumentException("a kernel from a package needs the package's name");
      }
    }

    /** A configuration to carry forward, and no kernel in the build. */
    public KernelSpec(String base, List<String> fragments, Optional<Path> source) {
      this(From.NONE, base, fragments, source, "", List.of());
    }

    /** Where the boot set's kernel comes from. */
    public enum From {
      /** Nowhere: the section only describes a configuration to carry forward. */
      NONE,
      /** Debian's kernel package for the suite and architecture, unpacked. */
      PACKAGE,
      /** Built here from the carried-forward configuration. */
      BUILD
    }
  }

  /**
   * Where the image is built.
   *
   * @param environment the build environment
   * @param cacheDirectory packages and bootstrapped trees kept between builds
   * @param cacheFrom a registry repository ({@code [REGISTRY/]REPOSITORY}) to fetch kept trees from
   *     when the cache directory lacks them
   * @param cacheTo a registry repository to publish kept trees to
   */
  public record BuildSpec(
      Environment environment,
      Path cacheDirectory,
      Optional<String> cacheFrom,
      Optional<String> cacheTo) {
    /** The cache directory of a profile that names none, and of {@code baseimg cache}. */
    public static final String DEFAULT_CACHE_DIRECTORY = "/var/cache/baseimg";

    public BuildSpec {
      requireNonNull(environment, "build environment");
      requireNonNull(cacheDirectory, "cache directory");
      requireNonNull(cacheFrom, "cache-from");
      requireNonNull(cacheTo, "cache-to");
    }

    /** A build that shares its kept trees through no registry. */
    public BuildSpec(Environment environment, Path cacheDirectory) {
      this(environment, cacheDirectory, Optional.empty(), Optional.empty());
    }

    /** The same, fetching from {@code from} and publishing to {@code to}. */
    public BuildSpec withRegistryCache(Optional<String> from, Optional<String> to) {
      return new BuildSpec(environment, cacheDirectory, from, to);
    }
  }

  /** Where the build steps run. */
  public enum Environment {
    /** Docker when an engine answers, else the host. */
    AUTO,
    /** A chroot on the build host (needs root and binfmt_misc). */
    HOST,
    /** An emulated container driven through the Docker API. */
    DOCKER
  }
}
