package org.baseimg.oci.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.internal.Hashing;
import org.baseimg.oci.BootSetMediaTypes;
import org.baseimg.oci.Descriptor;
import org.baseimg.oci.ImageReference;
import org.baseimg.oci.RegistryException;

/**
 * Kept build trees as OCI artifacts, for a build cache shared through a registry. The repository
 * that {@code build.cache-from} and {@code build.cache-to} name holds one tag per kept tree, named
 * by its kind and its local cache directory's name, which carries the cache key: {@code
 * base-bookworm-arm64-5f0c1e...} for a bootstrapped tree, {@code packages-bookworm-arm64-...} for
 * the tree after apt. The tag's manifest (OCI 1.1, as ORAS writes artifacts) has {@link
 * #ARTIFACT_TYPE}, the empty config, and one layer of {@link #TREE}: the tree as a POSIX (pax) tar,
 * zstd-compressed. A tag, once pushed, is never rewritten by baseimg: the key says what it holds.
 */
public final class CacheArtifacts {
  /** The manifest's {@code artifactType}: a kept tree of baseimg's build cache. */
  public static final String ARTIFACT_TYPE = "application/vnd.baseimg.cache.tree.v1";

  /** The one layer: the tree as a pax tar (owners numeric, xattrs kept), zstd-compressed. */
  public static final String TREE = "application/vnd.baseimg.cache.tree.v1.tar+zstd";

  /** Annotation: the local cache key, 24 hex digits. */
  public static final String KEY = "org.baseimg.cache.key";

  /** Annotation: {@code base} or {@code packages}. */
  public static final String KIND = "org.baseimg.cache.kind";

  private CacheArtifacts() {}

  /**
   * The repository a {@code --cache-from} or {@code --cache-to} value names. It names a repository
   * only: baseimg tags each tree by its key.
   *
   * @param what the option or profile key, for the message
   * @throws BadInputException when it does not parse, or names a tag or a digest
   */
  public static ImageReference repository(String text, String what) throws BadInputException {
    ImageReference parsed;
    try {
      parsed = ImageReference.parse(text);
    } catch (BadInputException e) {
      throw new BadInputException(what + ": " + e.getMessage(), e);
    }
    String last = text.substring(text.lastIndexOf('/') + 1);
    if (parsed.digest().isPresent() || last.contains(":")) {
      throw new BadInputException(
          what
              + ": '"
              + text
              + "' names a tag or digest; give a repository ([REGISTRY/]REPOSITORY), baseimg"
              + " tags each kept tree by its cache key");
    }
    return parsed;
  }

  /**
   * Where a kept tree lives in {@code repository}.
   *
   * @param kind {@code base} or {@code packages}
   * @param name the local cache directory's name, {@code SUITE-ARCH-KEY}
   */
  public static ImageReference reference(ImageReference repository, String kind, String name) {
    String tag = kind + "-" + name;
    if (!tag.matches("[\\w][\\w.-]{0,127}")) {
      throw new IllegalArgumentException("not a tag: " + tag);
    }
    return new ImageReference(
        repository.registry(), repository.repository(), Optional.of(tag), Optional.empty());
  }

  /**
   * The tree's layer when the registry has the tag; empty when it has not.
   *
   * @throws RegistryException when the registry fails, or the tag holds something else
   */
  public static Optional<Descriptor> find(RegistryClient client, ImageReference reference)
      throws BaseimgException, IOException {
    Optional<RegistryClient.Fetched> fetched =
        client.manifest(reference.tag().orElseThrow(), List.of(BootSetMediaTypes.OCI_MANIFEST));
    if (fetched.isEmpty()) {
      return Optional.empty();
    }
    OciJson.Manifest manifest;
    try {
      manifest = OciJson.read(fetched.get().body(), OciJson.Manifest.class);
    } catch (IOException e) {
      throw notATree(reference, "its manifest is not JSON");
    }
    if (!ARTIFACT_TYPE.equals(manifest.artifactType())
        || manifest.layers() == null
        || manifest.layers().size() != 1
        || !TREE.equals(manifest.layers().get(0).mediaType())) {
      throw notATree(reference, "its manifest is not one of " + ARTIFACT_TYPE);
    }
    try {
      return Optional.of(manifest.layers().get(0).toDescriptor());
    } catch (IllegalArgumentException e) {
      throw notATree(reference, e.getMessage());
    }
  }

  /**
   * The layer's bytes, checked as they stream: reading past the descriptor's size fails at once,
   * and {@link Checked#verify} says whether all of them were the ones named.
   */
  public static Checked open(RegistryClient client, Descriptor layer, ImageReference reference)
      throws BaseimgException, IOException {
    return new Checked(client.blob(layer.digest()), layer, reference);
  }

  /** Publishes a tree's compressed tar under the reference's tag: the blob, then the manifest. */
  public static void push(
      RegistryClient client,
      ImageReference reference,
      Path blob,
      String digest,
      long size,
      Map<String, String> annotations)
      throws BaseimgException, IOException {
    client.push(
        BootSetDocuments.EMPTY_CONFIG.digest(),
        BootSetDocuments.EMPTY.length,
        null,
        BootSetDocuments.EMPTY,
        Optional.empty());
    client.push(digest, size, blob, null, Optional.empty());
    client.putManifest(
        reference.tag().orElseThrow(),
        BootSetMediaTypes.OCI_MANIFEST,
        manifest(digest, size, annotations));
  }

  /** The manifest of a tree whose blob has {@code digest} and {@code size}. */
  static byte[] manifest(String digest, long size, Map<String, String> annotations) {
    Descriptor layer = new Descriptor(TREE, digest, size, new TreeMap<>());
    return OciJson.write(
        new OciJson.Manifest(
            2,
            BootSetMediaTypes.OCI_MANIFEST,
            ARTIFACT_TYPE,
            OciJson.Desc.of(BootSetDocuments.EMPTY_CONFIG),
            List.of(OciJson.Desc.of(layer)),
            null,
            OciJson.orNull(annotations)));
  }

  private static RegistryException notATree(ImageReference reference, String why) {
    return new RegistryException(
        reference + " is not a baseimg cache tree: " + why, reference.registry(), 0);
  }

  /** A layer's bytes with their digest and count kept as they are read. */
  public static final class Checked extends FilterInputStream {
    private final Descriptor layer;
    private final ImageReference reference;
    private final MessageDigest digest = Hashing.sha256();
    private long read;

    private Checked(InputStream in, Descriptor layer, ImageReference reference) {
      super(in);
      this.layer = layer;
      this.reference = reference;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        read += n;
        if (read > layer.size()) {
          throw new IOException(
              reference.registry()
                  + " sent more than the "
                  + layer.size()
                  + " bytes "
                  + reference
                  + " names");
        }
        digest.update(buffer, offset, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      return read(new byte[(int) Math.min(n, 1 << 16)]);
    }

    /** Bytes read so far. */
    public long bytesRead() {
      return read;
    }

    /**
     * Reads what is left and checks size and digest.
     *
     * @throws RegistryException when the bytes are not those the manifest names
     */
    public void verify() throws IOException, RegistryException {
      byte[] rest = new byte[1 << 16];
      while (read(rest) >= 0) {
        // Drains what the consumer did not need (tar stops at its end-of-archive blocks).
      }
      String actual = "sha256:" + HexFormat.of().formatHex(digest.digest());
      if (read != layer.size() || !actual.equals(layer.digest())) {
        throw new RegistryException(
            reference.registry()
                + " sent "
                + reference
                + " as "
                + read
                + " bytes with "
                + actual
                + " where "
                + layer.size()
                + " bytes with "
                + layer.digest()
                + " were named; refused, nothing kept",
            reference.registry(),
            0);
      }
    }
  }
}
