package org.baseimg.builder.internal.steps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.baseimg.BaseimgVersion;
import org.baseimg.builder.Manifest;
import org.baseimg.debian.DebianLicenses;
import org.baseimg.debian.DpkgStatus;
import org.baseimg.fs.ImagePath;
import org.baseimg.image.ImageSpec;
import org.baseimg.inspect.internal.ImageScan;
import org.baseimg.internal.Hashing;
import org.baseimg.sbom.SbomInput;

/**
 * What the SBOMs say of a build, read from the packed artifact itself (its dpkg database, the
 * packages' copyright files, {@code /etc/debian_version}, the profile's files) rather than from the
 * build's tree, so they describe exactly the bytes shipped, whichever environment built them.
 */
final class SbomInputs {
  private static final ImagePath DOC = ImagePath.of("/usr/share/doc");
  private static final ImagePath DEBIAN_VERSION = ImagePath.of("/etc/debian_version");

  private SbomInputs() {}

  /** The files whose content the SBOMs need from a scan of the artifact. */
  static Predicate<ImagePath> wants(ImageSpec spec) {
    Set<ImagePath> added = new HashSet<>();
    spec.files().forEach(file -> added.add(file.destination()));
    return path -> isCopyrightFile(path) || path.equals(DEBIAN_VERSION) || added.contains(path);
  }

  /**
   * The SBOM input of an artifact, from a scan of it that kept what {@link #wants} names.
   *
   * @param manifest the build's manifest, for everything but the image's content
   */
  static SbomInput of(ImageScan scan, Manifest manifest, ImageSpec spec) throws IOException {
    return new SbomInput(
        manifest.artifact().file(),
        manifest.artifact().sha256(),
        manifest.profile().name(),
        manifest.image().arch(),
        manifest.image().suite(),
        scan.keptContent(DEBIAN_VERSION).map(SbomInputs::firstLine),
        manifest.sourceDateEpoch(),
        packages(scan),
        manifest.kernel().map(SbomInputs::kernel),
        files(scan, spec),
        BaseimgVersion.current());
  }

  private static List<SbomInput.Package> packages(ImageScan scan) {
    List<SbomInput.Package> packages = new ArrayList<>();
    for (DpkgStatus.Installed installed : scan.installed()) {
      List<String> licenses =
          scan.keptContent(DOC.resolve(installed.name()).resolve("copyright"))
              .map(DebianLicenses::read)
              .orElse(List.of());
      packages.add(SbomInput.Package.of(installed, licenses));
    }
    return packages;
  }

  private static SbomInput.Kernel kernel(Manifest.KernelInfo kernel) {
    return new SbomInput.Kernel(
        kernel.file(),
        kernel.sha256(),
        kernel.release(),
        kernel.origin(),
        kernel.modules().stream().map(m -> new SbomInput.Module(m.name(), m.path())).toList());
  }

  /** The profile's files as the image has them; one the build later replaced counts as it is. */
  private static List<SbomInput.AddedFile> files(ImageScan scan, ImageSpec spec)
      throws IOException {
    List<SbomInput.AddedFile> files = new ArrayList<>();
    for (ImageSpec.OverlayFile file : spec.files()) {
      Optional<byte[]> content = scan.keptContent(file.destination());
      String sha256 =
          content.isPresent() ? Hashing.sha256(content.get()) : Hashing.sha256(file.source());
      files.add(new SbomInput.AddedFile(file.destination(), sha256));
    }
    return files;
  }

  /** {@code /usr/share/doc/PACKAGE/copyright}. */
  private static boolean isCopyrightFile(ImagePath path) {
    return path.depth() == 5
        && path.name().equals("copyright")
        && path.parent().parent().equals(DOC);
  }

  private static String firstLine(byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8);
    int end = text.indexOf('\n');
    return (end < 0 ? text : text.substring(0, end)).strip();
  }
}
