package org.baseimg.oci.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.baseimg.builder.Manifest;
import org.baseimg.image.Architecture;
import org.baseimg.internal.Hashing;
import org.baseimg.oci.BootSetMediaTypes;
import org.baseimg.oci.Descriptor;

/**
 * The OCI documents of a boot set: its image manifest (OCI 1.1 artifact conventions, as ORAS writes
 * them: the empty config, {@code artifactType}, one layer per file with a title) and the index that
 * holds one per platform. Nothing in them depends on the time or the machine: the same files and
 * annotations give the same bytes.
 */
public final class BootSetDocuments {
  /** The empty config's bytes. */
  public static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

  /** The empty config's descriptor. */
  public static final Descriptor EMPTY_CONFIG =
      new Descriptor(
          BootSetMediaTypes.EMPTY_CONFIG,
          "sha256:" + Hashing.sha256(EMPTY),
          EMPTY.length,
          new TreeMap<>());

  /** The platform annotation: {@code os/arch[/variant]}, how an index's entry is chosen. */
  public static final String PLATFORM = "org.baseimg.platform";

  private BootSetDocuments() {}

  /**
   * The manifest's annotations from the build manifest: created (its epoch), profile, arch, suite,
   * platform; then {@code extra}, which wins.
   */
  public static SortedMap<String, String> annotations(
      Manifest build, String platform, SortedMap<String, String> extra) {
    SortedMap<String, String> annotations = new TreeMap<>();
    annotations.put(
        BootSetMediaTypes.CREATED,
        DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(build.sourceDateEpoch())));
    annotations.put(BootSetMediaTypes.PROFILE, build.profile().name());
    annotations.put(BootSetMediaTypes.ARCH, build.image().arch());
    annotations.put(BootSetMediaTypes.SUITE, build.image().suite());
    annotations.put(PLATFORM, platform);
    annotations.putAll(extra);
    return annotations;
  }

  /**
   * The platform of a Debian architecture, {@code linux/} and its Debian name if baseimg lacks it.
   */
  public static String platform(String debianArch) {
    return Architecture.ofDebianName(debianArch)
        .map(Architecture::containerPlatform)
        .orElse("linux/" + debianArch);
  }

  /** The image manifest's bytes: layers sorted by title. */
  public static byte[] manifest(List<Descriptor> layers, SortedMap<String, String> annotations) {
    List<OciJson.Desc> sorted =
        layers.stream()
            .sorted(Comparator.comparing(d -> d.title().orElse("")))
            .map(OciJson.Desc::of)
            .toList();
    return OciJson.write(
        new OciJson.Manifest(
            2,
            BootSetMediaTypes.OCI_MANIFEST,
            BootSetMediaTypes.ARTIFACT_TYPE,
            OciJson.Desc.of(EMPTY_CONFIG),
            sorted,
            null,
            OciJson.orNull(annotations)));
  }

  /**
   * The index's bytes: {@code entries} with {@code added} in place of any entry of its platform,
   * sorted by platform.
   */
  public static byte[] index(List<OciJson.Desc> entries, OciJson.Desc added) {
    List<OciJson.Desc> all = new ArrayList<>();
    for (OciJson.Desc entry : entries) {
      if (entry.platform() == null
          || !entry.platform().toString().equals(added.platform().toString())) {
        all.add(entry);
      }
    }
    all.add(added);
    all.sort(
        Comparator.comparing((OciJson.Desc d) -> String.valueOf(d.platform()))
            .thenComparing(OciJson.Desc::digest));
    return OciJson.write(
        new OciJson.Index(
            2, BootSetMediaTypes.OCI_INDEX, BootSetMediaTypes.ARTIFACT_TYPE, all, null));
  }

  /** An index entry for a boot set's manifest. */
  public static OciJson.Desc entry(String digest, long size, String platform) {
    return new OciJson.Desc(
        BootSetMediaTypes.OCI_MANIFEST,
        BootSetMediaTypes.ARTIFACT_TYPE,
        digest,
        size,
        OciJson.Platform.parse(platform),
        null);
  }
}
