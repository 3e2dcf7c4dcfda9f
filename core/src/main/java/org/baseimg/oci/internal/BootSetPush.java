package org.baseimg.oci.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.internal.Hashing;
import org.baseimg.oci.BootSetMediaTypes;
import org.baseimg.oci.Descriptor;
import org.baseimg.oci.ImageReference;
import org.baseimg.oci.PushOptions;
import org.baseimg.oci.PushResult;

/** Publishes a boot set: blobs first, then its manifest, then the tag (or the tag's index). */
public final class BootSetPush {
  private BootSetPush() {}

  /** See {@link org.baseimg.oci.BootSets#push}. */
  public static PushResult push(BootSetLayout layout, ImageReference reference, PushOptions options)
      throws BaseimgException, IOException {
    String platform =
        options.platform().orElse(BootSetDocuments.platform(layout.manifest().image().arch()));
    if (OciJson.Platform.parse(platform) == null) {
      throw new BadInputException("'" + platform + "' is not a platform (OS/ARCH[/VARIANT])");
    }
    List<Descriptor> layers = new ArrayList<>();
    for (BootSetLayout.File file : layout.files()) {
      SortedMap<String, String> title = new TreeMap<>();
      title.put(BootSetMediaTypes.TITLE, file.path().getFileName().toString());
      layers.add(
          new Descriptor(
              file.mediaType(),
              "sha256:" + Hashing.sha256(file.path()),
              Files.size(file.path()),
              title));
    }
    byte[] manifest =
        BootSetDocuments.manifest(
            layers,
            BootSetDocuments.annotations(layout.manifest(), platform, options.annotations()));
    String digest = "sha256:" + Hashing.sha256(manifest);
    if (reference.digest().isPresent() && !reference.digest().get().equals(digest)) {
      throw new BadInputException(
          reference + " names a digest, and this boot set's manifest has another: " + digest);
    }
    RegistryClient client = new RegistryClient(reference, options.registry(), true);
    int uploaded = 0;
    if (client.push(
        BootSetDocuments.EMPTY_CONFIG.digest(),
        BootSetDocuments.EMPTY.length,
        null,
        BootSetDocuments.EMPTY,
        options.mountFrom())) {
      uploaded++;
    }
    for (int i = 0; i < layers.size(); i++) {
      Descriptor layer = layers.get(i);
      if (client.push(
          layer.digest(), layer.size(), layout.files().get(i).path(), null, options.mountFrom())) {
        uploaded++;
      }
    }
    Descriptor manifestDescriptor =
        new Descriptor(BootSetMediaTypes.OCI_MANIFEST, digest, manifest.length, new TreeMap<>());
    Optional<Descriptor> index = Optional.empty();
    if (reference.tag().isEmpty()) {
      client.putManifest(digest, BootSetMediaTypes.OCI_MANIFEST, manifest);
    } else {
      String tag = reference.tag().get();
      Optional<byte[]> merged =
          mergedIndex(client.manifest(tag, BootSetPull.ACCEPT), digest, manifest.length, platform);
      if (merged.isEmpty()) {
        client.putManifest(tag, BootSetMediaTypes.OCI_MANIFEST, manifest);
      } else {
        client.putManifest(digest, BootSetMediaTypes.OCI_MANIFEST, manifest);
        byte[] bytes = merged.get();
        client.putManifest(tag, BootSetMediaTypes.OCI_INDEX, bytes);
        index =
            Optional.of(
                new Descriptor(
                    BootSetMediaTypes.OCI_INDEX,
                    "sha256:" + Hashing.sha256(bytes),
                    bytes.length,
                    new TreeMap<>()));
      }
    }
    Optional<Descriptor> signature = Optional.empty();
    if (options.signingKey().isPresent()) {
      signature =
          Optional.of(
              BootSetSignatures.sign(
                  client, reference, digest, manifest.length, options.signingKey().get()));
    }
    return new PushResult(
        reference.withDigest(digest), manifestDescriptor, layers, uploaded, index, signature);
  }

  /**
   * The index the tag should name when it already names a boot set of another platform (or an index
   * of boot sets); empty when the manifest alone should replace what is there.
   */
  private static Optional<byte[]> mergedIndex(
      Optional<RegistryClient.Fetched> existing, String digest, long size, String platform)
      throws IOException {
    if (existing.isEmpty()) {
      return Optional.empty();
    }
    OciJson.Desc added = BootSetDocuments.entry(digest, size, platform);
    RegistryClient.Fetched fetched = existing.get();
    if (BootSetMediaTypes.OCI_INDEX.equals(fetched.mediaType())) {
      OciJson.Index index = OciJson.read(fetched.body(), OciJson.Index.class);
      if (!BootSetMediaTypes.ARTIFACT_TYPE.equals(index.artifactType())) {
        return Optional.empty();
      }
      return Optional.of(BootSetDocuments.index(index.manifests(), added));
    }
    if (BootSetMediaTypes.OCI_MANIFEST.equals(fetched.mediaType())) {
      OciJson.Manifest other = OciJson.read(fetched.body(), OciJson.Manifest.class);
      String otherPlatform =
          other.annotations() == null ? null : other.annotations().get(BootSetDocuments.PLATFORM);
      if (!BootSetMediaTypes.ARTIFACT_TYPE.equals(other.artifactType())
          || otherPlatform == null
          || otherPlatform.equals(platform)
          || OciJson.Platform.parse(otherPlatform) == null) {
        return Optional.empty();
      }
      OciJson.Desc kept =
          BootSetDocuments.entry(fetched.digest(), fetched.body().length, otherPlatform);
      return Optional.of(BootSetDocuments.index(List.of(kept), added));
    }
    return Optional.empty();
  }
}
