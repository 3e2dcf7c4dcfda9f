package org.baseimg.oci.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.baseimg.BadInputException;
import org.baseimg.builder.Manifest;
import org.baseimg.initramfs.Compression;
import org.baseimg.internal.Hashing;
import org.baseimg.oci.BootSetMediaTypes;
import org.baseimg.sbom.Sboms;

/**
 * The files of a built boot set, found through its build manifest: the initramfs, the manifest, the
 * SBOMs, and the kernel and its config when the profile names a kernel.
 *
 * @param manifest the build manifest
 * @param files the files with their media types, sorted by file name
 */
public record BootSetLayout(Manifest manifest, List<File> files) {
  public BootSetLayout {
    files =
        files.stream()
            .sorted(Comparator.comparing(f -> f.path().getFileName().toString()))
            .toList();
  }

  /** One file of the set. */
  public record File(Path path, String mediaType) {}

  /**
   * The boot set of an output directory (with one manifest in it) or of an artifact.
   *
   * @throws BadInputException when there is no boot set, several, or a file differs from what its
   *     manifest records
   */
  public static BootSetLayout read(Path source) throws BadInputException, IOException {
    Path artifact = Files.isDirectory(source) ? artifactIn(source) : source;
    Path manifestFile = Manifest.besides(artifact);
    if (!Files.isRegularFile(artifact)) {
      throw new BadInputException(
          source + " is neither a build's output directory nor an artifact");
    }
    if (!Files.isRegularFile(manifestFile)) {
      throw new BadInputException(
          artifact
              + " has no manifest beside it ("
              + manifestFile.getFileName()
              + "): only what"
              + " baseimg build wrote can be pushed");
    }
    Manifest manifest = Manifest.read(manifestFile);
    if (!manifest.artifact().file().equals(artifact.getFileName().toString())) {
      throw new BadInputException(
          manifestFile
              + " describes "
              + manifest.artifact().file()
              + ", not "
              + artifact.getFileName());
    }
    if (!Hashing.sha256(artifact).equals(manifest.artifact().sha256())) {
      throw new BadInputException(
          artifact + " is not the artifact its manifest records: its sha256 differs");
    }
    List<File> files = new ArrayList<>();
    files.add(new File(artifact, BootSetMediaTypes.initramfs(format(manifest))));
    files.add(new File(manifestFile, BootSetMediaTypes.BUILD_MANIFEST));
    // Builds before SBOMs wrote none; a set without them is still a boot set.
    Path spdx = Sboms.spdxBesides(artifact);
    if (Files.isRegularFile(spdx)) {
      files.add(new File(spdx, BootSetMediaTypes.SPDX));
    }
    Path cdx = Sboms.cycloneDxBesides(artifact);
    if (Files.isRegularFile(cdx)) {
      files.add(new File(cdx, BootSetMediaTypes.CYCLONEDX));
    }
    if (manifest.kernel().isPresent()) {
      Path kernel = manifest.bootKernel(artifact).orElseThrow();
      Path config = artifact.resolveSibling(manifest.kernel().get().configFile());
      if (!Files.isRegularFile(config)
          || !Hashing.sha256(config).equals(manifest.kernel().get().configSha256())) {
        throw new BadInputException(
            config + " is missing or is not the kernel config the manifest records");
      }
      files.add(new File(kernel, BootSetMediaTypes.KERNEL));
      files.add(new File(config, BootSetMediaTypes.KERNEL_CONFIG));
    }
    return new BootSetLayout(manifest, files);
  }

  private static Compression.Format format(Manifest manifest) throws BadInputException {
    String name = manifest.artifact().compression().split(" ", 2)[0].toLowerCase(Locale.ROOT);
    for (Compression.Format format : Compression.Format.values()) {
      if (format.cliName().equals(name)) {
        return format;
      }
    }
    throw new BadInputException(
        "the manifest of "
            + manifest.artifact().file()
            + " names an unknown compression: "
            + manifest.artifact().compression());
  }

  private static Path artifactIn(Path directory) throws BadInputException, IOException {
    List<Path> manifests = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.manifest.json")) {
      entries.forEach(manifests::add);
    }
    manifests.sort(Comparator.naturalOrder());
    if (manifests.size() != 1) {
      throw new BadInputException(
          directory
              + (manifests.isEmpty()
                  ? " holds no build manifest (*.manifest.json)"
                  : " holds "
                      + manifests.size()
                      + " build manifests; name the artifact to push: "
                      + manifests.stream().map(p -> p.getFileName().toString()).toList()));
    }
    String name = manifests.get(0).getFileName().toString();
    return directory.resolve(name.substring(0, name.length() - ".manifest.json".length()));
  }
}
