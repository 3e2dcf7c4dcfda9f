package org.baseimg.oci.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
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
 * Signatures of boot sets, as OCI referrers of the manifest they sign. The layout is modelled on
 * cosign's OCI 1.1 signatures: a manifest whose {@code subject} is the boot set's manifest, {@code
 * artifactType} {@value #ARTIFACT_TYPE}, and one layer, the "simple signing" JSON payload naming
 * the manifest digest, with the base64 DER ECDSA P-256 SHA-256 signature of the payload's bytes in
 * the {@value #SIGNATURE} annotation. Keys are PEM: PKCS#8 private keys and X.509 public keys, as
 * {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256} and {@code openssl pkey
 * -pubout} write them. Where the registry has no referrers API, the signature is listed in the
 * index under the spec's fallback tag {@code sha256-HEX}.
 */
public final class BootSetSignatures {
  /** The signature manifest's artifactType. */
  public static final String ARTIFACT_TYPE = "application/vnd.dev.cosign.artifact.sig.v1+json";

  /** The payload layer's media type. */
  public static final String PAYLOAD = "application/vnd.dev.cosign.simplesigning.v1+json";

  /** The annotation holding the signature. */
  public static final String SIGNATURE = "dev.cosignproject.cosign/signature";

  private static final String ALGORITHM = "SHA256withECDSA";

  private BootSetSignatures() {}

  /** Signs the manifest {@code digest} of {@code size} bytes and files it as its referrer. */
  public static Descriptor sign(
      RegistryClient client, ImageReference reference, String digest, long size, Path key)
      throws BaseimgException, IOException {
    byte[] payload = payload(reference, digest);
    String signature;
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(privateKey(key));
      signer.update(payload);
      signature = Base64.getEncoder().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new BadInputException(key + " cannot sign: " + e.getMessage(), e);
    }
    String payloadDigest = "sha256:" + Hashing.sha256(payload);
    client.push(payloadDigest, payload.length, null, payload, Optional.empty());
    client.push(
        BootSetDocuments.EMPTY_CONFIG.digest(),
        BootSetDocuments.EMPTY.length,
        null,
        BootSetDocuments.EMPTY,
        Optional.empty());
    OciJson.Desc layer =
        new OciJson.Desc(
            PAYLOAD, null, payloadDigest, payload.length, null, Map.of(SIGNATURE, signature));
    OciJson.Desc subject =
        new OciJson.Desc(BootSetMediaTypes.OCI_MANIFEST, null, digest, size, null, null);
    byte[] manifest =
        OciJson.write(
            new OciJson.Manifest(
                2,
                BootSetMediaTypes.OCI_MANIFEST,
                ARTIFACT_TYPE,
                OciJson.Desc.of(BootSetDocuments.EMPTY_CONFIG),
                List.of(layer),
                subject,
                null));
    String manifestDigest = "sha256:" + Hashing.sha256(manifest);
    boolean filed = client.putManifest(manifestDigest, BootSetMediaTypes.OCI_MANIFEST, manifest);
    if (!filed) {
      // The referrers tag schema: an index under sha256-HEX listing the subject's referrers.
      String tag = fallbackTag(digest);
      List<OciJson.Desc> entries = new ArrayList<>();
      Optional<RegistryClient.Fetched> existing =
          client.manifest(tag, List.of(BootSetMediaTypes.OCI_INDEX));
      if (existing.isPresent()) {
        OciJson.Index index = OciJson.read(existing.get().body(), OciJson.Index.class);
        if (index.manifests() != null) {
          index.manifests().stream()
              .filter(e -> !e.digest().equals(manifestDigest))
              .forEach(entries::add);
        }
      }
      entries.add(
          new OciJson.Desc(
              BootSetMediaTypes.OCI_MANIFEST,
              ARTIFACT_TYPE,
              manifestDigest,
              manifest.length,
              null,
              null));
      client.putManifest(
          tag,
          BootSetMediaTypes.OCI_INDEX,
          OciJson.write(new OciJson.Index(2, BootSetMediaTypes.OCI_INDEX, null, entries, null)));
    }
    return new Descriptor(
        BootSetMediaTypes.OCI_MANIFEST, manifestDigest, manifest.length, new TreeMap<>());
  }

  /**
   * Checks that the manifest {@code digest} has a referrer signed with {@code key} whose payload
   * names it.
   *
   * @throws RegistryException when it has none
   */
  public static void verify(
      RegistryClient client, ImageReference reference, String digest, Path key)
      throws BaseimgException, IOException {
    PublicKey publicKey = publicKey(key);
    Optional<byte[]> found = client.referrers(digest);
    if (found.isEmpty()) {
      found =
          client
              .manifest(fallbackTag(digest), List.of(BootSetMediaTypes.OCI_INDEX))
              .map(RegistryClient.Fetched::body);
    }
    byte[] listing = found.orElse(null);
    int signatures = 0;
    if (listing != null) {
      OciJson.Index index = OciJson.read(listing, OciJson.Index.class);
      for (OciJson.Desc entry :
          index.manifests() == null ? List.<OciJson.Desc>of() : index.manifests()) {
        if (!ARTIFACT_TYPE.equals(entry.artifactType())) {
          continue;
        }
        Optional<RegistryClient.Fetched> fetched =
            client.manifest(entry.digest(), List.of(BootSetMediaTypes.OCI_MANIFEST));
        if (fetched.isEmpty() || !fetched.get().digest().equals(entry.digest())) {
          continue;
        }
        OciJson.Manifest manifest = OciJson.read(fetched.get().body(), OciJson.Manifest.class);
        if (manifest.subject() == null
            || !digest.equals(manifest.subject().digest())
            || manifest.layers() == null) {
          continue;
        }
        for (OciJson.Desc layer : manifest.layers()) {
          if (!PAYLOAD.equals(layer.mediaType())
              || layer.annotations() == null
              || !layer.annotations().containsKey(SIGNATURE)) {
            continue;
          }
          signatures++;
          byte[] payload = client.smallBlob(layer.digest(), 64 * 1024);
          if (verifies(publicKey, payload, layer.annotations().get(SIGNATURE))
              && namesDigest(payload, digest)) {
            return;
          }
        }
      }
    }
    throw new RegistryException(
        reference
            + " "
            + (signatures == 0
                ? "has no signature"
                : "has " + signatures + " signature(s), none by the key " + key)
            + "; refused, nothing written",
        reference.registry(),
        0);
  }

  /** The referrers tag schema's tag for {@code digest}: {@code sha256-HEX}. */
  static String fallbackTag(String digest) {
    return digest.replace(':', '-');
  }

  /** cosign's "simple signing" payload: the manifest digest and the repository. */
  static byte[] payload(ImageReference reference, String digest) {
    return ("{\"critical\":{\"identity\":{\"docker-reference\":\""
            + reference.registry()
            + "/"
            + reference.repository()
            + "\"},\"image\":{\"docker-manifest-digest\":\""
            + digest
            + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static boolean namesDigest(byte[] payload, String digest) throws IOException {
    return digest.equals(
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(payload)
            .path("critical")
            .path("image")
            .path("docker-manifest-digest")
            .asText());
  }

  private static boolean verifies(PublicKey key, byte[] payload, String signature) {
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      verifier.update(payload);
      return verifier.verify(Base64.getDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static PrivateKey privateKey(Path file) throws BadInputException, IOException {
    try {
      return KeyFactory.getInstance("EC")
          .generatePrivate(new PKCS8EncodedKeySpec(pem(file, "PRIVATE KEY")));
    } catch (GeneralSecurityException e) {
      throw new BadInputException(file + " is not a PKCS#8 EC private key: " + e.getMessage(), e);
    }
  }

  private static PublicKey publicKey(Path file) throws BadInputException, IOException {
    try {
      return KeyFactory.getInstance("EC")
          .generatePublic(new X509EncodedKeySpec(pem(file, "PUBLIC KEY")));
    } catch (GeneralSecurityException e) {
      throw new BadInputException(file + " is not an X.509 EC public key: " + e.getMessage(), e);
    }
  }

  private static byte[] pem(Path file, String type) throws BadInputException, IOException {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException("the key " + file + " does not exist");
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new BadInputException(file + " holds no PEM " + type + " (" + begin + ")");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(file + ": its PEM is not base64", e);
    }
  }
}
