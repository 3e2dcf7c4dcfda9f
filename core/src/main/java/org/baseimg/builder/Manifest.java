package org.baseimg.builder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.baseimg.BadInputException;
import org.baseimg.inspect.Hazards;
import org.baseimg.internal.Hashing;
import org.baseimg.internal.Json;

/**
 * The manifest next to an artifact ({@code ARTIFACT.manifest.json}): what was built, from which
 * profile, with which tools, and what the image holds. Written by the build and read by {@code
 * boot-test} and anyone else, as these records; its JSON Schema is {@link #schema()}. Nothing in it
 * varies between two builds of one profile from the same packages: no build date, host name or user
 * name.
 *
 * @param manifestVersion the format's version, {@value #VERSION}; readers refuse others
 * @param profile the profile the image was built from
 * @param image what the image is
 * @param artifact the initramfs
 * @param sourceDateEpoch the clock for mtimes and tools, seconds since 1970
 * @param environment where the build ran
 * @param tools the versions of the tools that made the tree, by name
 * @param binfmt the binfmt_misc entry that ran the target's binaries, when they were emulated
 * @param kernel the kernel that boots the image, when the profile names one
 * @param packages every installed package, by name
 * @param hazards what bites images moving to arm64, found in this one; absent in manifests written
 *     before baseimg looked
 */
public record Manifest(
    int manifestVersion,
    Profile profile,
    Image image,
    Artifact artifact,
    long sourceDateEpoch,
    Environment environment,
    SortedMap<String, String> tools,
    Optional<Binfmt> binfmt,
    Optional<KernelInfo> kernel,
    List<Package> packages,
    List<Hazards.Hazard> hazards) {

  /** The format's version this library writes and reads. */
  public static final int VERSION = 1;

  public Manifest {
    if (manifestVersion != VERSION) {
      throw new IllegalArgumentException(
          "manifest version " + manifestVersion + "; this baseimg reads version " + VERSION);
    }
    tools = new TreeMap<>(tools);
    packages = List.copyOf(packages);
    hazards = hazards == null ? List.of() : List.copyOf(hazards);
  }

  /**
   * The profile.
   *
   * @param name its name
   * @param chain the files it came from, the profile itself first
   * @param sha256 the SHA-256 of {@code resolved}
   * @param resolved the profile with extends applied and defaults written out, as YAML
   */
  public record Profile(String name, List<String> chain, String sha256, String resolved) {
    public Profile {
      chain = List.copyOf(chain);
    }
  }

  /**
   * What the image is.
   *
   * @param arch Debian's name of its architecture
   * @param suite the Debian suite
   * @param variant debootstrap's variant
   * @param mirror where packages came from
   */
  public record Image(String arch, String suite, String variant, String mirror) {}

  /**
   * The initramfs.
   *
   * @param file its file name, next to the manifest
   * @param sha256 its SHA-256
   * @param bytes its size
   * @param uncompressedBytes the size of its cpio archive before compression
   * @param entries the archive's entries
   * @param compression the compression and level, e.g. {@code zstd -19}
   */
  public record Artifact(
      String file,
      String sha256,
      long bytes,
      long uncompressedBytes,
      long entries,
      String compression) {}

  /**
   * Where the build ran: {@code host}, or {@code docker} with the engine and builder.
   *
   * @param name {@code host} or {@code docker}
   * @param engine the Docker engine's version
   * @param engineArchitecture the engine's architecture
   * @param builderImage the builder image's tag
   * @param builderImageId the builder image's id
   * @param builderImageSource where the builder came from: {@code engine}, {@code pulled}, {@code
   *     made}
   * @param privileges the privileges the build container had
   */
  public record Environment(
      String name,
      Optional<String> engine,
      Optional<String> engineArchitecture,
      Optional<String> builderImage,
      Optional<String> builderImageId,
      Optional<String> builderImageSource,
      Optional<String> privileges) {

    /** A build on this host. */
    public static Environment host() {
      return new Environment(
          "host",
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }
  }

  /**
   * The binfmt_misc entry that ran the target's binaries.
   *
   * @param entry its name, e.g. {@code qemu-aarch64}
   * @param flags its flags, e.g. {@code PF}
   */
  public record Binfmt(String entry, String flags) {}

  /**
   * The kernel of a boot set.
   *
   * @param file the kernel's file name, next to the manifest
   * @param sha256 its SHA-256
   * @param release what {@code uname -r} says on the booted image
   * @param source where it came from: {@code package} (Debian's) or {@code built} (here)
   * @param origin the package and its version, or the kernel tree
   * @param configFile the kernel config's file name, next to the manifest
   * @param configSha256 the config's SHA-256
   * @param toolchain the compilers it was built with, by name (empty for a package)
   * @param modules the modules in the image, each with why it is there
   */
  public record KernelInfo(
      String file,
      String sha256,
      String release,
      String source,
      String origin,
      String configFile,
      String configSha256,
      SortedMap<String, String> toolchain,
      List<Module> modules) {
    public KernelInfo {
      toolchain = new TreeMap<>(toolchain);
      modules = List.copyOf(modules);
    }
  }

  /**
   * A kernel module in the image.
   *
   * @param name its name, as modprobe knows it
   * @param path its file below {@code /lib/modules/RELEASE}
   * @param reason why it is there: {@code requested}, or which module needs it
   */
  public record Module(String name, String path, String reason) {}

  /**
   * An installed package, from the image's dpkg status.
   *
   * @param name its name
   * @param version its version
   * @param architecture its architecture, or {@code all}
   */
  public record Package(String name, String version, String architecture) {}

  /** The manifest's path next to {@code artifact}. */
  public static Path besides(Path artifact) {
    return artifact.resolveSibling(artifact.getFileName() + ".manifest.json");
  }

  /** This manifest as JSON, as the build writes it. */
  public String toJson() {
    return Json.write(this);
  }

  /** Reads a manifest; a file that is not one of this version's is bad input. */
  public static Manifest read(Path file) throws BadInputException, IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      return Json.read(text, Manifest.class);
    } catch (IOException e) {
      throw new BadInputException(
          file + " is not a baseimg manifest of version " + VERSION + ": " + firstLine(e), e);
    }
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  /** The manifest's JSON Schema (draft 2020-12), as shipped. */
  public static String schema() {
    try (InputStream in = Manifest.class.getResourceAsStream("manifest.schema.json")) {
      if (in == null) {
        throw new IllegalStateException("manifest.schema.json is missing from the library");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the manifest schema", e);
    }
  }

  /**
   * The boot set's kernel beside {@code artifact}, checked against the sha256 this manifest
   * records; empty when the manifest names no kernel.
   *
   * @throws BadInputException when the file is missing or is another kernel
   */
  public Optional<Path> bootKernel(Path artifact) throws BadInputException, IOException {
    if (kernel.isEmpty()) {
      return Optional.empty();
    }
    Path image = artifact.resolveSibling(kernel.get().file());
    if (!Files.isRegularFile(image)) {
      throw new BadInputException(
          "the manifest names the kernel " + image + ", which does not exist");
    }
    if (!Hashing.sha256(image).equals(kernel.get().sha256())) {
      throw new BadInputException(
          image + " is not the kernel the manifest names: its sha256 differs");
    }
    return Optional.of(image);
  }

  /** Looks a tool's version up, e.g. {@code debootstrap}. */
  public Optional<String> tool(String name) {
    return Optional.ofNullable(tools.get(name));
  }

  /** The versions of the packages, by name. */
  public Map<String, String> packageVersions() {
    SortedMap<String, String> versions = new TreeMap<>();
    packages.forEach(p -> versions.put(p.name(), p.version()));
    return versions;
  }
}
