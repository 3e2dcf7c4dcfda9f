package org.baseimg.oci.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.internal.AtomicFile;
import org.baseimg.internal.Hashing;
import org.baseimg.oci.BootSetMediaTypes;
import org.baseimg.oci.Descriptor;
import org.baseimg.oci.ImageReference;
import org.baseimg.oci.PullOptions;
import org.baseimg.oci.PullResult;
import org.baseimg.oci.RegistryException;

/**
 * Fetches a boot set: the manifest (through the index for a platform), then every layer into a
 * hidden file beside its place, checked against its digest and size as it streams; the files are
 * put in place only when all are complete and right.
 */
public final class BootSetPull {
  /** What a pull accepts for a manifest reference. */
  static final List<String> ACCEPT =
      List.of(BootSetMediaTypes.OCI_MANIFEST, BootSetMediaTypes.OCI_INDEX);

  private BootSetPull() {}

  /** See {@link org.baseimg.oci.BootSets#pull}. */
  public static PullResult pull(ImageReference reference, Path directory, PullOptions options)
      throws BaseimgException, IOException {
    if (options.platform().isPresent()
        && OciJson.Platform.parse(options.platform().get()) == null) {
      throw new BadInputException(
          "'" + options.platform().get() + "' is not a platform (OS/ARCH[/VARIANT])");
    }
    RegistryClient client = new RegistryClient(reference, options.registry(), false);
    RegistryClient.Fetched fetched = fetch(client, reference, reference.manifestReference(), -1);
    if (reference.digest().isPresent() && !reference.digest().get().equals(fetched.digest())) {
      throw tampered(reference, "manifest", reference.digest().get(), fetched.digest());
    }
    if (BootSetMediaTypes.OCI_INDEX.equals(fetched.mediaType())) {
      OciJson.Desc entry =
          choose(reference, OciJson.read(fetched.body(), OciJson.Index.class), options);
      fetched = fetch(client, reference, entry.digest(), entry.size());
      if (!entry.digest().equals(fetched.digest())) {
        throw tampered(reference, "manifest", entry.digest(), fetched.digest());
      }
    } else if (!BootSetMediaTypes.OCI_MANIFEST.equals(fetched.mediaType())) {
      throw new BadInputException(
          reference + " is a " + fetched.mediaType() + ", not a baseimg boot set");
    }
    if (options.verifyKey().isPresent()) {
      BootSetSignatures.verify(client, reference, fetched.digest(), options.verifyKey().get());
    }
    OciJson.Manifest manifest = OciJson.read(fetched.body(), OciJson.Manifest.class);
    if (!BootSetMediaTypes.ARTIFACT_TYPE.equals(manifest.artifactType())) {
      throw new BadInputException(
          reference
              + " is not a baseimg boot set: its artifactType is "
              + manifest.artifactType()
              + ", not "
              + BootSetMediaTypes.ARTIFACT_TYPE);
    }
    List<Descriptor> layers = new ArrayList<>();
    Set<String> titles = new HashSet<>();
    for (OciJson.Desc layer :
        manifest.layers() == null ? List.<OciJson.Desc>of() : manifest.layers()) {
      Descriptor descriptor;
      try {
        descriptor = layer.toDescriptor();
      } catch (IllegalArgumentException e) {
        throw new BadInputException(
            reference + " has a layer baseimg cannot read: " + e.getMessage());
      }
      String title = descriptor.title().orElse("");
      // A title becomes a file name in DIR: nothing that could point elsewhere.
      if (!title.matches("[A-Za-z0-9._+-]+") || title.startsWith(".") || !titles.add(title)) {
        throw new BadInputException(
            reference
                + " has a layer whose title is not a plain, unique file name: '"
                + title
                + "'");
      }
      layers.add(descriptor);
    }
    Files.createDirectories(directory);
    List<AtomicFile> pending = new ArrayList<>();
    List<Path> written = new ArrayList<>();
    try {
      for (Descriptor layer : layers) {
        Path target = directory.resolve(layer.title().orElseThrow());
        AtomicFile file = AtomicFile.create(target);
        pending.add(file);
        try (InputStream in = client.blob(layer.digest());
            OutputStream out = file.stream()) {
          copyChecked(reference, layer, in, out);
        }
        written.add(target);
      }
      for (AtomicFile file : pending) {
        file.commit();
      }
    } finally {
      for (AtomicFile file : pending) {
        file.close();
      }
    }
    written.sort(null);
    Descriptor manifestDescriptor =
        new Descriptor(
            BootSetMediaTypes.OCI_MANIFEST,
            fetched.digest(),
            fetched.body().length,
            new TreeMap<>());
    return new PullResult(reference.withDigest(fetched.digest()), manifestDescriptor, written);
  }

  private static RegistryClient.Fetched fetch(
      RegistryClient client, ImageReference reference, String what, long size)
      throws BaseimgException, IOException {
    RegistryClient.Fetched fetched =
        client
            .manifest(what, ACCEPT)
            .orElseThrow(
                () ->
                    new RegistryException(
                        reference
                            + ": "
                            + reference.registry()
                            + " has no such "
                            + (what.startsWith("sha256:") ? "manifest" : "tag")
                            + " in "
                            + reference.repository(),
                        reference.registry(),
                        404));
    if (size >= 0 && fetched.body().length != size) {
      throw tampered(
          reference, "manifest " + what, size + " bytes", fetched.body().length + " bytes");
    }
    return fetched;
  }

  private static OciJson.Desc choose(
      ImageReference reference, OciJson.Index index, PullOptions options) throws BadInputException {
    List<OciJson.Desc> entries = index.manifests() == null ? List.of() : index.manifests();
    if (options.platform().isEmpty()) {
      if (entries.size() == 1) {
        return entries.get(0);
      }
      throw new BadInputException(
          reference
              + " holds boot sets for several platforms; choose one of "
              + entries.stream().map(e -> String.valueOf(e.platform())).toList());
    }
    String wanted = OciJson.Platform.parse(options.platform().get()).toString();
    return entries.stream()
        .filter(e -> e.platform() != null && e.platform().toString().equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new BadInputException(
                    reference
                        + " holds no boot set for "
                        + wanted
                        + "; it has "
                        + entries.stream().map(e -> String.valueOf(e.platform())).toList()));
  }

  /** Copies a blob, refusing it as soon as it is longer than its descriptor says, or different. */
  private static void copyChecked(
      ImageReference reference, Descriptor layer, InputStream in, OutputStream out)
      throws IOException, RegistryException {
    MessageDigest digest = Hashing.sha256();
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      total += n;
      if (total > layer.size()) {
        throw tampered(reference, layer.title().orElseThrow(), layer.size() + " bytes", "more");
      }
      digest.update(buffer, 0, n);
      out.write(buffer, 0, n);
    }
    if (total != layer.size()) {
      throw tampered(
          reference, layer.title().orElseThrow(), layer.size() + " bytes", total + " bytes");
    }
    String actual = "sha256:" + HexFormat.of().formatHex(digest.digest());
    if (!actual.equals(layer.digest())) {
      throw tampered(reference, layer.title().orElseThrow(), layer.digest(), actual);
    }
  }

  private static RegistryException tampered(
      ImageReference reference, String what, String expected, String actual) {
    return new RegistryException(
        reference.registry()
            + " sent "
            + what
            + " of "
            + reference
            + " with "
            + actual
            + " where "
            + expected
            + " was expected; refused, nothing written",
        reference.registry(),
        0);
  }
}
