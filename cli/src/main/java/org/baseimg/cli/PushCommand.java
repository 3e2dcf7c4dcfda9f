package org.baseimg.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.baseimg.oci.BootSetMediaTypes;
import org.baseimg.oci.BootSets;
import org.baseimg.oci.ImageReference;
import org.baseimg.oci.PushOptions;
import org.baseimg.oci.PushResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baseimg push}: a build's boot set to an OCI registry. */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes a build's boot set (initramfs, manifest, SBOMs, kernel and config) as one OCI"
          + " artifact, one layer per file. When the tag already holds a boot set of another"
          + " platform, it then names an index of both.",
      ""
    },
    footer = ExitCode.HELP_SECTION)
final class PushCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "OUTDIR|ARTIFACT",
      description = "A build's output directory holding one build, or its artifact.")
  Path source;

  @Parameters(
      index = "1",
      paramLabel = "REF",
      description = "Where to publish it: [REGISTRY/]REPOSITORY[:TAG][@sha256:DIGEST].")
  String reference;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH",
      description = "The platform to publish it for (default: the build's, e.g. linux/arm64).")
  String platform;

  @Option(
      names = "--revision",
      description = "The source revision, as org.opencontainers.image.revision.")
  String revision;

  @Option(names = "--source", description = "The source URL, as org.opencontainers.image.source.")
  String sourceUrl;

  @Option(
      names = "--mount-from",
      paramLabel = "REPOSITORY",
      description = "A repository on the same registry to mount blobs from instead of uploading.")
  String mountFrom;

  @Option(
      names = "--sign",
      paramLabel = "KEY",
      description =
          "Sign the manifest with this PEM PKCS#8 EC P-256 private key; the signature is filed as"
              + " the manifest's OCI referrer.")
  Path signingKey;

  @Mixin RegistryCliOptions registry;

  @Override
  public Integer call() throws Exception {
    ImageReference ref = ImageReference.parse(reference);
    SortedMap<String, String> annotations = new TreeMap<>();
    if (revision != null) {
      annotations.put(BootSetMediaTypes.REVISION, revision);
    }
    if (sourceUrl != null) {
      annotations.put(BootSetMediaTypes.SOURCE, sourceUrl);
    }
    PushResult result =
        BootSets.push(
            source,
            ref,
            new PushOptions(
                registry.options(),
                annotations,
                Optional.ofNullable(platform),
                Optional.ofNullable(mountFrom),
                Optional.ofNullable(signingKey)));
    spec.commandLine()
        .getOut()
        .printf(
            "pushed %s (%d layers, %d blobs uploaded%s%s)%n",
            result.reference(),
            result.layers().size(),
            result.uploaded(),
            result.index().map(i -> "; the tag names index " + i.digest()).orElse(""),
            result.signature().map(d -> "; signed, signature " + d.digest()).orElse(""));
    return ExitCode.OK;
  }
}
