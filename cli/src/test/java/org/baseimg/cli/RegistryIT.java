package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.baseimg.builder.Manifest;
import org.baseimg.event.EventListener;
import org.baseimg.initramfs.Compression;
import org.baseimg.initramfs.InitramfsWriter;
import org.baseimg.initramfs.PackOptions;
import org.baseimg.initramfs.PackResult;
import org.baseimg.initramfs.RootfsSource;
import org.baseimg.internal.Hashing;
import org.baseimg.oci.BootSets;
import org.baseimg.oci.ImageReference;
import org.baseimg.oci.PushOptions;
import org.baseimg.oci.PushResult;
import org.baseimg.oci.RegistryOptions;
import org.baseimg.testing.NativeTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baseimg push} and {@code pull} against Debian's docker-registry (the CNCF distribution
 * registry), started here on 127.0.0.1 with a storage directory of its own, once open and once with
 * htpasswd basic auth; what was pushed is read back with skopeo, an independent client. Needs the
 * docker-registry, skopeo and apache2-utils packages (run-tests installs them).
 */
class RegistryIT {
  private static final long EPOCH = 1_700_000_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path temp;

  private static Registry open;
  private static Registry secured;
  private static Registry tls;
  private static Path bootSet;

  /** A docker-registry process of this test's own. */
  record Registry(Process process, int port, Path storage, Path log) {
    String host() {
      return "127.0.0.1:" + port;
    }

    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  @BeforeAll
  static void start() throws Exception {
    for (String tool : List.of("docker-registry", "skopeo", "htpasswd", "openssl")) {
      assertThat(onPath(tool))
          .as(
              tool
                  + " is missing: install docker-registry, skopeo and apache2-utils (run-tests does)")
          .isTrue();
    }
    open = registry("open", Optional.empty(), false);
    Process htpasswd =
        new ProcessBuilder("htpasswd", "-Bbn", "builder", "s3cret")
            .redirectErrorStream(true)
            .start();
    String line = new String(htpasswd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(htpasswd.waitFor()).as(line).isZero();
    Path file = temp.resolve("htpasswd");
    Files.writeString(file, line.strip() + "\n");
    secured = registry("secured", Optional.of(file), false);
    tls = registry("tls", Optional.empty(), true);
    bootSet = bootSet(Files.createDirectories(temp.resolve("out")), 7);
  }

  @AfterAll
  static void stop() throws Exception {
    if (open != null) {
      open.stop();
    }
    if (secured != null) {
      secured.stop();
    }
    if (tls != null) {
      tls.stop();
    }
  }

  @Test
  void push_thenSkopeoAndPull_seeTheDocumentedArtifactAndTheSameBytes() throws Exception {
    String ref = open.host() + "/boot/test:1.0";
    CommandLineRun pushed =
        CommandLineRun.of("push", bootSet.toString(), ref, "--revision", "abc123");
    assertThat(pushed.exitCode()).as(pushed.err()).isZero();
    assertThat(pushed.out()).startsWith("pushed " + ref + "@sha256:").contains("6 layers");

    JsonNode manifest = JSON.readTree(skopeo("inspect", "--raw", "docker://" + ref));
    assertThat(manifest.path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(manifest.path("artifactType").asText())
        .isEqualTo("application/vnd.baseimg.bootset.v1");
    assertThat(manifest.path("config").path("mediaType").asText())
        .isEqualTo("application/vnd.oci.empty.v1+json");
    Map<String, String> digests = new TreeMap<>();
    Map<String, String> types = new TreeMap<>();
    for (JsonNode layer : manifest.path("layers")) {
      String title = layer.path("annotations").path("org.opencontainers.image.title").asText();
      digests.put(title, layer.path("digest").asText());
      types.put(title, layer.path("mediaType").asText());
      assertThat(layer.path("size").asLong()).isEqualTo(Files.size(bootSet.resolve(title)));
    }
    Map<String, String> expected = new TreeMap<>();
    try (Stream<Path> files = Files.list(bootSet)) {
      for (Path file : files.toList()) {
        expected.put(file.getFileName().toString(), "sha256:" + Hashing.sha256(file));
      }
    }
    assertThat(digests).isEqualTo(expected);
    assertThat(types)
        .containsEntry("test-arm64.cpio.zst", "application/vnd.baseimg.initramfs.cpio+zstd")
        .containsEntry("test-arm64.Image", "application/vnd.baseimg.kernel.image")
        .containsEntry("test-arm64.config", "application/vnd.baseimg.kernel.config")
        .containsEntry(
            "test-arm64.cpio.zst.manifest.json", "application/vnd.baseimg.manifest.v1+json")
        .containsEntry("test-arm64.cpio.zst.spdx.json", "application/spdx+json")
        .containsEntry("test-arm64.cpio.zst.cdx.json", "application/vnd.cyclonedx+json");
    JsonNode annotations = manifest.path("annotations");
    assertThat(annotations.path("org.opencontainers.image.created").asText())
        .isEqualTo(Instant.ofEpochSecond(EPOCH).toString());
    assertThat(annotations.path("org.opencontainers.image.revision").asText()).isEqualTo("abc123");
    assertThat(annotations.path("org.baseimg.profile").asText()).isEqualTo("test");
    assertThat(annotations.path("org.baseimg.arch").asText()).isEqualTo("arm64");
    assertThat(annotations.path("org.baseimg.platform").asText()).isEqualTo("linux/arm64");

    Path into = temp.resolve("pulled");
    CommandLineRun pulled = CommandLineRun.of("pull", ref, "-o", into.toString());
    assertThat(pulled.exitCode()).as(pulled.err()).isZero();
    assertThat(listing(into)).isEqualTo(listing(bootSet));
    for (String name : listing(bootSet)) {
      assertThat(into.resolve(name)).hasSameBinaryContentAs(bootSet.resolve(name));
    }
  }

  @Test
  void push_sameFilesTwice_sameManifestDigestAndNoBlobSentAgain() throws Exception {
    String ref = open.host() + "/boot/again:1";
    CommandLineRun first = CommandLineRun.of("push", bootSet.toString(), ref);
    CommandLineRun second =
        CommandLineRun.of("push", bootSet.resolve("test-arm64.cpio.zst").toString(), ref);

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(first.out()).contains("7 blobs uploaded");
    assertThat(second.out()).contains("0 blobs uploaded");
    assertThat(digestIn(second.out())).isEqualTo(digestIn(first.out()));
    String raw = skopeo("inspect", "--raw", "docker://" + ref);
    assertThat("sha256:" + Hashing.sha256(raw.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(digestIn(first.out()));
  }

  @Test
  void pull_byDigest_fetchesThatManifest() throws Exception {
    CommandLineRun pushed =
        CommandLineRun.of("push", bootSet.toString(), open.host() + "/boot/bydigest:x");
    assertThat(pushed.exitCode()).as(pushed.err()).isZero();
    String digest = digestIn(pushed.out());
    Path into = temp.resolve("bydigest");

    CommandLineRun pulled =
        CommandLineRun.of("pull", open.host() + "/boot/bydigest@" + digest, "-o", into.toString());

    assertThat(pulled.exitCode()).as(pulled.err()).isZero();
    assertThat(listing(into)).isEqualTo(listing(bootSet));
  }

  @Test
  void push_otherPlatformToTheSameTag_makesAnIndexAndPullChoosesByPlatform() throws Exception {
    String ref = open.host() + "/boot/multi:1.0";
    assertThat(CommandLineRun.of("push", bootSet.toString(), ref).exitCode()).isZero();
    CommandLineRun amd64 =
        CommandLineRun.of("push", bootSet.toString(), ref, "--platform", "linux/amd64");
    assertThat(amd64.exitCode()).as(amd64.err()).isZero();

    JsonNode index = JSON.readTree(skopeo("inspect", "--raw", "docker://" + ref));
    assertThat(index.path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.index.v1+json");
    List<String> platforms = new ArrayList<>();
    index
        .path("manifests")
        .forEach(
            m ->
                platforms.add(
                    m.path("platform").path("os").asText()
                        + "/"
                        + m.path("platform").path("architecture").asText()));
    assertThat(platforms).containsExactly("linux/amd64", "linux/arm64");

    CommandLineRun ambiguous =
        CommandLineRun.of("pull", ref, "-o", temp.resolve("multi").toString());
    assertThat(ambiguous.exitCode()).isEqualTo(2);
    assertThat(ambiguous.errLines()).singleElement().asString().contains("linux/amd64");
    Path into = temp.resolve("multi-amd64");
    CommandLineRun pulled =
        CommandLineRun.of("pull", ref, "-o", into.toString(), "--platform", "linux/amd64");
    assertThat(pulled.exitCode()).as(pulled.err()).isZero();
    assertThat(listing(into)).isEqualTo(listing(bootSet));
  }

  @Test
  void pull_blobTamperedInTheRegistrysStorage_exits1AndWritesNothing() throws Exception {
    // Blobs are shared by all repositories of a registry: this set's kernel is its own.
    Path own = bootSet(Files.createDirectories(temp.resolve("tamper-out")), 13);
    String ref = open.host() + "/boot/tamper:1";
    assertThat(CommandLineRun.of("push", own.toString(), ref).exitCode()).isZero();
    String digest = Hashing.sha256(own.resolve("test-arm64.Image"));
    Path data =
        open.storage()
            .resolve("docker/registry/v2/blobs/sha256")
            .resolve(digest.substring(0, 2))
            .resolve(digest)
            .resolve("data");
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 0x20;
    Files.write(data, bytes);
    Path into = Files.createDirectories(temp.resolve("tampered"));

    CommandLineRun pulled = CommandLineRun.of("pull", ref, "-o", into.toString());

    assertThat(pulled.exitCode()).as(pulled.err()).isEqualTo(1);
    assertThat(pulled.errLines())
        .singleElement()
        .asString()
        .contains("test-arm64.Image")
        .contains("refused");
    assertThat(listing(into)).isEmpty();
  }

  @Test
  void basicAuth_rightCredentials_pushAndPull() throws Exception {
    Path config = dockerConfig("right", secured.host(), "builder", "s3cret");
    String ref = secured.host() + "/boot/auth:1";

    CommandLineRun pushed =
        CommandLineRun.of("push", bootSet.toString(), ref, "--docker-config", config.toString());
    Path into = temp.resolve("auth-pulled");
    CommandLineRun pulled =
        CommandLineRun.of("pull", ref, "-o", into.toString(), "--docker-config", config.toString());

    assertThat(pushed.exitCode()).as(pushed.err()).isZero();
    assertThat(pulled.exitCode()).as(pulled.err()).isZero();
    assertThat(listing(into)).isEqualTo(listing(bootSet));
  }

  @Test
  void basicAuth_wrongOrNoCredentials_exit1WithOneLine() throws Exception {
    Path wrong = dockerConfig("wrong", secured.host(), "builder", "guess");
    Path none = Files.createDirectories(temp.resolve("no-docker-config"));
    String ref = secured.host() + "/boot/denied:1";

    CommandLineRun refused =
        CommandLineRun.of("push", bootSet.toString(), ref, "--docker-config", wrong.toString());
    CommandLineRun anonymous =
        CommandLineRun.of("push", bootSet.toString(), ref, "--docker-config", none.toString());

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.errLines())
        .singleElement()
        .asString()
        .contains("refused the credentials for boot/denied");
    assertThat(anonymous.exitCode()).isEqualTo(1);
    assertThat(anonymous.errLines())
        .singleElement()
        .asString()
        .contains("asks for a user name and password");
  }

  @Test
  void pull_missingTag_exit1WithOneLineAndNothingWritten() throws Exception {
    Path into = temp.resolve("missing");

    CommandLineRun run =
        CommandLineRun.of("pull", open.host() + "/boot/test:nope", "-o", into.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).singleElement().asString().contains("has no such tag");
    assertThat(into).doesNotExist();
  }

  @Test
  void pull_unreachableRegistry_exit1WithOneLine() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }

    CommandLineRun run =
        CommandLineRun.of(
            "pull", "127.0.0.1:" + closed + "/boot/test:1", "-o", temp.resolve("x").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("cannot reach the registry 127.0.0.1:" + closed);
  }

  @Test
  void pushAndPull_referenceThatDoesNotParse_exit2WithOneLine() {
    CommandLineRun push = CommandLineRun.of("push", bootSet.toString(), open.host() + "/Boot:1");
    CommandLineRun pull = CommandLineRun.of("pull", "registry.example/boot:bad tag", "-o", "x");

    assertThat(push.exitCode()).isEqualTo(2);
    assertThat(push.errLines()).singleElement().asString().contains("is not an image reference");
    assertThat(pull.exitCode()).isEqualTo(2);
    assertThat(pull.errLines()).singleElement().asString().contains("is not an image reference");
  }

  @Test
  void push_bigBlobsInChunks_sameFilesPulled() throws Exception {
    Path own = bootSet(Files.createDirectories(temp.resolve("chunked-out")), 21);
    ImageReference ref = ImageReference.parse(open.host() + "/boot/chunked:1");

    PushResult pushed =
        BootSets.push(
            own,
            ref,
            new PushOptions(
                RegistryOptions.defaults().withChunkBytes(64 * 1024),
                new TreeMap<>(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
    Path into = temp.resolve("chunked-pulled");
    CommandLineRun pulled = CommandLineRun.of("pull", ref.toString(), "-o", into.toString());

    assertThat(pushed.uploaded()).isPositive();
    JsonNode manifest = JSON.readTree(skopeo("inspect", "--raw", "docker://" + ref));
    assertThat(manifest.path("layers").findValuesAsText("digest"))
        .contains("sha256:" + Hashing.sha256(own.resolve("test-arm64.Image")));
    assertThat(pulled.exitCode()).as(pulled.err()).isZero();
    for (String name : listing(own)) {
      assertThat(into.resolve(name)).hasSameBinaryContentAs(own.resolve(name));
    }
  }

  @Test
  void push_mountFromAnotherRepository_sendsNoBlob() throws Exception {
    Path own = bootSet(Files.createDirectories(temp.resolve("mount-out")), 31);
    CommandLineRun first =
        CommandLineRun.of("push", own.toString(), open.host() + "/boot/mount-a:1");
    CommandLineRun second =
        CommandLineRun.of(
            "push",
            own.toString(),
            open.host() + "/boot/mount-b:1",
            "--mount-from",
            "boot/mount-a");
    Path into = temp.resolve("mount-pulled");
    CommandLineRun pulled =
        CommandLineRun.of("pull", open.host() + "/boot/mount-b:1", "-o", into.toString());

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("7 blobs uploaded");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out()).contains("0 blobs uploaded");
    assertThat(pulled.exitCode()).as(pulled.err()).isZero();
    assertThat(listing(into)).isEqualTo(listing(own));
  }

  @Test
  void selfSignedTlsOnLoopback_pushAndPullWithoutFlags() throws Exception {
    String ref = tls.host() + "/boot/tls:1";

    CommandLineRun pushed = CommandLineRun.of("push", bootSet.toString(), ref);
    Path into = temp.resolve("tls-pulled");
    CommandLineRun pulled = CommandLineRun.of("pull", ref, "-o", into.toString());

    assertThat(pushed.exitCode()).as(pushed.err()).isZero();
    assertThat(
            JSON.readTree(skopeo("inspect", "--raw", "docker://" + ref))
                .path("artifactType")
                .asText())
        .isEqualTo("application/vnd.baseimg.bootset.v1");
    assertThat(pulled.exitCode()).as(pulled.err()).isZero();
    assertThat(listing(into)).isEqualTo(listing(bootSet));
  }

  @Test
  void bootTest_referenceWithARegistry_isPulledNotTakenForAFile() throws Exception {
    CommandLineRun missingTag = CommandLineRun.of("boot-test", open.host() + "/boot/test:nope");
    CommandLineRun missingFile =
        CommandLineRun.of("boot-test", temp.resolve("missing.cpio.zst").toString());

    assertThat(missingTag.exitCode()).isEqualTo(1);
    assertThat(missingTag.errLines()).singleElement().asString().contains("has no such tag");
    assertThat(missingFile.exitCode()).isEqualTo(2);
    assertThat(missingFile.errLines()).singleElement().asString().contains("does not exist");
  }

  @Test
  void sign_pullVerifiesWithTheRightKeyOnly_andOpensslAgrees() throws Exception {
    Path right = key("right");
    Path wrong = key("wrong");
    String ref = open.host() + "/boot/signed:1";
    CommandLineRun pushed =
        CommandLineRun.of(
            "push", bootSet.toString(), ref, "--sign", right.resolve("key.pem").toString());
    assertThat(pushed.exitCode()).as(pushed.err()).isZero();
    assertThat(pushed.out()).contains("signed, signature sha256:");
    assertThat(
            CommandLineRun.of("push", bootSet.toString(), open.host() + "/boot/unsigned:1")
                .exitCode())
        .isZero();

    Path good = temp.resolve("signed-right");
    CommandLineRun verified =
        CommandLineRun.of(
            "pull", ref, "-o", good.toString(), "--verify", right.resolve("pub.pem").toString());
    Path bad = temp.resolve("signed-wrong");
    CommandLineRun otherKey =
        CommandLineRun.of(
            "pull", ref, "-o", bad.toString(), "--verify", wrong.resolve("pub.pem").toString());
    Path none = temp.resolve("unsigned");
    CommandLineRun unsigned =
        CommandLineRun.of(
            "pull",
            open.host() + "/boot/unsigned:1",
            "-o",
            none.toString(),
            "--verify",
            right.resolve("pub.pem").toString());

    assertThat(verified.exitCode()).as(verified.err()).isZero();
    assertThat(listing(good)).isEqualTo(listing(bootSet));
    assertThat(otherKey.exitCode()).isEqualTo(1);
    assertThat(otherKey.errLines()).singleElement().asString().contains("none by the key");
    assertThat(listing(bad)).isEmpty();
    assertThat(unsigned.exitCode()).isEqualTo(1);
    assertThat(unsigned.errLines()).singleElement().asString().contains("has no signature");
    assertThat(listing(none)).isEmpty();

    // The signature, found and checked without baseimg: skopeo for the documents, plain HTTP for
    // the payload, openssl for the ECDSA signature.
    String digest = digestIn(pushed.out());
    String fallback = open.host() + "/boot/signed:" + digest.replace(':', '-');
    JsonNode index = JSON.readTree(skopeo("inspect", "--raw", "docker://" + fallback));
    JsonNode entry = index.path("manifests").path(0);
    assertThat(entry.path("artifactType").asText())
        .isEqualTo("application/vnd.dev.cosign.artifact.sig.v1+json");
    JsonNode signature =
        JSON.readTree(
            skopeo(
                "inspect",
                "--raw",
                "docker://" + open.host() + "/boot/signed@" + entry.path("digest").asText()));
    assertThat(signature.path("subject").path("digest").asText()).isEqualTo(digest);
    JsonNode layer = signature.path("layers").path(0);
    assertThat(layer.path("mediaType").asText())
        .isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
    HttpResponse<byte[]> blob =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://"
                                + open.host()
                                + "/v2/boot/signed/blobs/"
                                + layer.path("digest").asText()))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(blob.statusCode()).isEqualTo(200);
    assertThat(
            JSON.readTree(blob.body())
                .path("critical")
                .path("image")
                .path("docker-manifest-digest")
                .asText())
        .isEqualTo(digest);
    Path payload = Files.write(temp.resolve("payload.json"), blob.body());
    Path der =
        Files.write(
            temp.resolve("signature.der"),
            Base64.getDecoder()
                .decode(
                    layer.path("annotations").path("dev.cosignproject.cosign/signature").asText()));
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "dgst",
                "-sha256",
                "-verify",
                right.resolve("pub.pem").toString(),
                "-signature",
                der.toString(),
                payload.toString())
            .redirectErrorStream(true)
            .start();
    String said = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(openssl.waitFor()).as(said).isZero();
    assertThat(said).contains("Verified OK");
  }

  /** An EC P-256 key pair made by openssl: key.pem (PKCS#8) and pub.pem. */
  private static Path key(String name) throws Exception {
    Path directory = Files.createDirectories(temp.resolve("key-" + name));
    run(
        "openssl",
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        directory.resolve("key.pem").toString());
    run(
        "openssl",
        "pkey",
        "-in",
        directory.resolve("key.pem").toString(),
        "-pubout",
        "-out",
        directory.resolve("pub.pem").toString());
    return directory;
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(String.join(" ", command) + ": " + said).isZero();
  }

  private static String digestIn(String out) {
    int at = out.indexOf("@sha256:");
    return out.substring(at + 1, at + 1 + 71);
  }

  private static List<String> listing(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Path dockerConfig(String name, String host, String user, String password)
      throws IOException {
    Path directory = Files.createDirectories(temp.resolve("docker-" + name));
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    Map<String, Object> config = Map.of("auths", Map.of(host, Map.of("auth", auth)));
    Files.writeString(directory.resolve("config.json"), JSON.writeValueAsString(config));
    return directory;
  }

  /** A boot set as a build leaves it: initramfs, manifest, SBOMs, kernel and config. */
  private static Path bootSet(Path out, long seed) throws Exception {
    Path tree = Files.createDirectories(temp.resolve("tree"));
    Files.writeString(tree.resolve("hello"), "world\n");
    Path artifact = out.resolve("test-arm64.cpio.zst");
    PackResult packed;
    try (RootfsSource source = RootfsSource.directory(tree)) {
      packed =
          InitramfsWriter.create(
                  PackOptions.defaults()
                      .withCompression(Compression.of(Compression.Format.ZSTD, 3))
                      .withEpoch(EPOCH),
                  EventListener.NONE)
              .write(source, artifact);
    }
    Path image = out.resolve("test-arm64.Image");
    byte[] kernel = new byte[300_000];
    new java.util.Random(seed).nextBytes(kernel);
    Files.write(image, kernel);
    Path config = out.resolve("test-arm64.config");
    Files.writeString(config, "CONFIG_VIRTIO_NET=y\n");
    Files.writeString(
        out.resolve("test-arm64.cpio.zst.spdx.json"), "{\"spdxVersion\": \"SPDX-2.3\"}\n");
    Files.writeString(
        out.resolve("test-arm64.cpio.zst.cdx.json"), "{\"bomFormat\": \"CycloneDX\"}\n");
    Manifest manifest =
        new Manifest(
            Manifest.VERSION,
            new Manifest.Profile("test", List.of("test.yaml"), "a".repeat(64), "name: test\n"),
            new Manifest.Image("arm64", "bookworm", "minbase", "http://deb.invalid/debian/"),
            new Manifest.Artifact(
                artifact.getFileName().toString(),
                Hashing.sha256(artifact),
                Files.size(artifact),
                packed.uncompressedBytes(),
                packed.entries(),
                "zstd -3"),
            EPOCH,
            Manifest.Environment.host(),
            new TreeMap<>(Map.of("java", "17")),
            Optional.empty(),
            Optional.of(
                new Manifest.KernelInfo(
                    image.getFileName().toString(),
                    Hashing.sha256(image),
                    "6.1.0-test-arm64",
                    "package",
                    "linux-image-test 1",
                    config.getFileName().toString(),
                    Hashing.sha256(config),
                    new TreeMap<>(),
                    List.of())),
            List.of(new Manifest.Package("dash", "0.5.12-2", "arm64")),
            List.of());
    Files.writeString(Manifest.besides(artifact), manifest.toJson());
    return out;
  }

  /** Starts docker-registry on a free port of 127.0.0.1 and waits until it answers. */
  private static Registry registry(String name, Optional<Path> htpasswd, boolean selfSigned)
      throws Exception {
    Path directory = Files.createDirectories(temp.resolve("registry-" + name));
    Path storage = Files.createDirectories(directory.resolve("storage"));
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    StringBuilder config = new StringBuilder();
    config.append("version: 0.1\n");
    config.append("log:\n  level: warn\n  accesslog:\n    disabled: true\n");
    config.append("storage:\n  filesystem:\n    rootdirectory: ").append(storage).append('\n');
    config.append("http:\n  addr: 127.0.0.1:").append(port).append('\n');
    if (selfSigned) {
      Path key = directory.resolve("key.pem");
      Path certificate = directory.resolve("cert.pem");
      Process openssl =
          new ProcessBuilder(
                  "openssl",
                  "req",
                  "-x509",
                  "-newkey",
                  "rsa:2048",
                  "-nodes",
                  "-days",
                  "2",
                  "-subj",
                  "/CN=baseimg-test",
                  "-keyout",
                  key.toString(),
                  "-out",
                  certificate.toString())
              .redirectErrorStream(true)
              .start();
      String said = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(openssl.waitFor()).as(said).isZero();
      config.append("  tls:\n    certificate: ").append(certificate).append('\n');
      config.append("    key: ").append(key).append('\n');
    }
    if (htpasswd.isPresent()) {
      config
          .append("auth:\n  htpasswd:\n    realm: baseimg-test\n    path: ")
          .append(htpasswd.get())
          .append('\n');
    }
    Path file = directory.resolve("config.yml");
    Files.writeString(file, config);
    Path log = directory.resolve("registry.log");
    Process process =
        new ProcessBuilder("docker-registry", "serve", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Registry registry = new Registry(process, port, storage, log);
    HttpClient http = HttpClient.newHttpClient();
    for (int tries = 0; ; tries++) {
      assertThat(process.isAlive()).as("docker-registry exited: " + Files.readString(log)).isTrue();
      try {
        HttpResponse<Void> answer =
            http.send(
                HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        // A TLS port answers plain HTTP with 400.
        assertThat(answer.statusCode()).isIn(200, 400, 401);
        return registry;
      } catch (IOException e) {
        assertThat(tries)
            .as(
                "docker-registry does not answer on "
                    + registry.host()
                    + ": "
                    + Files.readString(log))
            .isLessThan(300);
        Thread.sleep(100);
      }
    }
  }

  private static String skopeo(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("skopeo", arguments[0], "--tls-verify=false"));
    command.addAll(List.of(arguments).subList(1, arguments.length));
    return NativeTools.run(command).stdout();
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
