package org.baseimg.sbom;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.baseimg.debian.DpkgStatus;
import org.baseimg.fs.ImagePath;

/**
 * What the SBOMs of one built image describe, as the build knows it. Lists may come in any order:
 * the documents sort them.
 *
 * @param artifactFile the initramfs's file name, e.g. {@code edge-arm64.cpio.zst}
 * @param artifactSha256 its SHA-256, lower-case hex
 * @param imageName the image's name (the profile's), e.g. {@code edge-arm64}
 * @param arch Debian's name of the image's architecture, e.g. {@code arm64}
 * @param suite the Debian suite, e.g. {@code bookworm}
 * @param debianVersion the first line of the image's {@code /etc/debian_version} (e.g. {@code
 *     12.8}; {@code trixie/sid} on testing), when it has one
 * @param epoch the build's clock (SOURCE_DATE_EPOCH), seconds since 1970: the documents' creation
 *     time
 * @param packages every installed package
 * @param kernel the kernel of the boot set, when the image has one
 * @param files the files the profile added, with their content's hash
 * @param toolVersion baseimg's version, which the documents name as their creator
 */
public record SbomInput(
    String artifactFile,
    String artifactSha256,
    String imageName,
    String arch,
    String suite,
    Optional<String> debianVersion,
    long epoch,
    List<Package> packages,
    Optional<Kernel> kernel,
    List<AddedFile> files,
    String toolVersion) {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /**
   * Debian Policy 5.6.1: lower case letters, digits, {@code + - .}; two or more; alphanumeric
   * first.
   */
  private static final Pattern PACKAGE_NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");

  /** Debian's architecture names: {@code arm64}, {@code all}, {@code hurd-i386}. */
  private static final Pattern ARCHITECTURE = Pattern.compile("[a-z0-9][a-z0-9-]*");

  public SbomInput {
    requireNonBlank(artifactFile, "artifactFile");
    if (artifactFile.contains("/")) {
      throw new IllegalArgumentException(
          "artifactFile is a file name, not a path: " + artifactFile);
    }
    requireSha256(artifactSha256, "artifactSha256 of " + artifactFile);
    requireNonBlank(imageName, "imageName");
    if (!ARCHITECTURE.matcher(arch).matches()) {
      throw new IllegalArgumentException("arch is not a Debian architecture name: " + arch);
    }
    requireNonBlank(suite, "suite");
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch before 1970: " + epoch);
    }
    requireNonBlank(toolVersion, "toolVersion");
    packages = List.copyOf(packages);
    files = List.copyOf(files);
    Set<String> seen = new HashSet<>();
    for (Package p : packages) {
      if (!seen.add(p.name() + ":" + p.architecture())) {
        throw new IllegalArgumentException(
            "package " + p.name() + ":" + p.architecture() + " is listed twice");
      }
    }
    Set<ImagePath> paths = new HashSet<>();
    for (AddedFile file : files) {
      if (!paths.add(file.path())) {
        throw new IllegalArgumentException("file " + file.path().value() + " is listed twice");
      }
    }
  }

  /**
   * An installed Debian package.
   *
   * @param name its name
   * @param version its version, e.g. {@code 1:2.38.1-5+deb12u3}
   * @param architecture its architecture, or {@code all}
   * @param source the source package it was built from (its own name when the same)
   * @param sourceVersion the source package's version (its own version when the same)
   * @param licenses the license short names of its copyright file, as written (see {@link
   *     org.baseimg.debian.DebianLicenses#read}); empty when the file is not machine-readable
   */
  public record Package(
      String name,
      String version,
      String architecture,
      String source,
      String sourceVersion,
      List<String> licenses) {
    public Package {
      if (!PACKAGE_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("not a Debian package name: " + name);
      }
      if (!ARCHITECTURE.matcher(architecture).matches()) {
        throw new IllegalArgumentException(
            "package " + name + ": not a Debian architecture name: " + architecture);
      }
      requireNonBlank(version, "version of package " + name);
      requireNonBlank(source, "source of package " + name);
      requireNonBlank(sourceVersion, "sourceVersion of package " + name);
      licenses = List.copyOf(licenses);
    }

    /** A package of the image's dpkg status, with its copyright file's licenses. */
    public static Package of(DpkgStatus.Installed installed, List<String> licenses) {
      return new Package(
          installed.name(),
          installed.version(),
          installed.architecture(),
          installed.source(),
          installed.sourceVersion(),
          licenses);
    }
  }

  /**
   * The kernel of the boot set.
   *
   * @param file its file name, next to the artifact
   * @param sha256 its SHA-256
   * @param release its release, as {@code uname -r} says
   * @param origin where it came from, e.g. {@code linux-image-6.1.0-50-cloud-arm64 6.1.176-1}
   * @param modules its modules in the image
   */
  public record Kernel(
      String file, String sha256, String release, String origin, List<Module> modules) {
    public Kernel {
      requireNonBlank(file, "kernel file");
      requireSha256(sha256, "sha256 of kernel " + file);
      requireNonBlank(release, "kernel release");
      requireNonBlank(origin, "kernel origin");
      modules = List.copyOf(modules);
      Set<String> names = new HashSet<>();
      for (Module module : modules) {
        if (!names.add(module.name())) {
          throw new IllegalArgumentException("module " + module.name() + " is listed twice");
        }
      }
    }
  }

  /**
   * A kernel module in the image.
   *
   * @param name its name, as modprobe knows it
   * @param path its file below {@code /lib/modules/RELEASE}, e.g. {@code
   *     kernel/drivers/net/virtio_net.ko}
   */
  public record Module(String name, String path) {
    public Module {
      requireNonBlank(name, "module name");
      requireNonBlank(path, "path of module " + name);
      if (path.startsWith("/")) {
        throw new IllegalArgumentException(
            "module " + name + ": path is below /lib/modules/RELEASE, not absolute: " + path);
      }
    }
  }

  /**
   * A file the profile added to the image.
   *
   * @param path its path in the image
   * @param sha256 its content's SHA-256
   */
  public record AddedFile(ImagePath path, String sha256) {
    public AddedFile {
      if (path.isRoot()) {
        throw new IllegalArgumentException("the root directory is not a file");
      }
      requireSha256(sha256, "sha256 of " + path.value());
    }
  }

  private static void requireNonBlank(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is blank");
    }
  }

  private static void requireSha256(String value, String what) {
    if (value == null || !SHA256.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " is not a lower-case hex SHA-256: " + value);
    }
  }
}
