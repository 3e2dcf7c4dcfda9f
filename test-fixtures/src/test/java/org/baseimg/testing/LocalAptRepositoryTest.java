package org.baseimg.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the repository with the real apt, apt-cache and gpgv of the host, through a {@link
 * ThrowawayApt} that leaves the host's apt state alone. Needs no root.
 */
class LocalAptRepositoryTest {
  private static LocalAptRepository repository;

  @TempDir Path temp;

  @BeforeAll
  static void startRepository() throws Exception {
    repository = LocalAptRepository.withFakeSaltMinion(List.of("arm64", "amd64"));
  }

  @AfterAll
  static void stopRepository() throws Exception {
    if (repository != null) {
      repository.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"arm64", "amd64"})
  void aptGetUpdate_repositoryKey_offersSaltMinionForEachArchitecture(String arch)
      throws Exception {
    try (ThrowawayApt apt = aptWithKey(arch, repository.publicKey())) {
      NativeTools.Result update = apt.run("apt-get", "update");
      NativeTools.Result policy = apt.run("apt-cache", "policy", "salt-minion");

      assertThat(update.exitCode()).as(update.stdout() + update.stderr()).isZero();
      // apt says W: for a weak or missing signature, and warns when _apt cannot read a file.
      assertThat(update.stderr()).isEmpty();
      assertThat(policy.stdout())
          .contains("Candidate: 3007.1-0")
          .contains(repository.uri().toString().replaceFirst("/$", "") + " stable/main " + arch);
    }
  }

  @Test
  void aptGetUpdate_armoredKey_succeeds() throws Exception {
    try (ThrowawayApt apt = aptWithKey("arm64", repository.armoredPublicKey())) {
      NativeTools.Result update = apt.run("apt-get", "update");

      assertThat(update.exitCode()).as(update.stdout() + update.stderr()).isZero();
      assertThat(update.stderr()).isEmpty();
    }
  }

  @Test
  void aptGetUpdate_otherKey_failsOnTheSignature() throws Exception {
    try (ThrowawayApt apt = aptWithKey("arm64", repository.otherPublicKey())) {
      NativeTools.Result update = apt.run("apt-get", "update");
      NativeTools.Result policy = apt.run("apt-cache", "policy", "salt-minion");

      assertThat(update.exitCode()).isNotZero();
      assertThat(update.stdout() + update.stderr()).contains("NO_PUBKEY").contains("is not signed");
      assertThat(policy.stdout()).doesNotContain("Candidate");
    }
  }

  @Test
  void aptGetDownloadOnly_fetchesThePooledPackageOverHttp() throws Exception {
    try (ThrowawayApt apt = aptWithKey("arm64", repository.publicKey())) {
      apt.run("apt-get", "update");
      int before = repository.requestCount();

      NativeTools.Result download =
          apt.run("apt-get", "install", "--download-only", "--yes", "salt-minion");

      assertThat(download.exitCode()).as(download.stdout() + download.stderr()).isZero();
      Path fetched = apt.archives().resolve(FakeSaltMinion.FILE_NAME);
      Path pooled =
          repository.directory().resolve("pool/main/s/salt-minion/" + FakeSaltMinion.FILE_NAME);
      assertThat(Files.readAllBytes(fetched)).isEqualTo(Files.readAllBytes(pooled));
      assertThat(repository.requestsAfter(before))
          .contains("GET /pool/main/s/salt-minion/" + FakeSaltMinion.FILE_NAME + " 200");
    }
  }

  @Test
  void signatures_verifyWithGpgvAgainstThePublicKeyOnly() throws Exception {
    Path dists = repository.directory().resolve("dists/stable");
    String key = repository.publicKey().toString();

    NativeTools.run(List.of("gpgv", "--keyring", key, dists.resolve("InRelease").toString()));
    NativeTools.run(
        List.of(
            "gpgv",
            "--keyring",
            key,
            dists.resolve("Release.gpg").toString(),
            dists.resolve("Release").toString()));
    assertThatThrownBy(
            () ->
                NativeTools.run(
                    List.of(
                        "gpgv",
                        "--keyring",
                        repository.otherPublicKey().toString(),
                        dists.resolve("InRelease").toString())))
        .isInstanceOf(NativeTools.CommandFailedException.class);
  }

  @Test
  void release_hasTheHeaderAndTheSha256OfEveryIndex() throws Exception {
    Path dists = repository.directory().resolve("dists/stable");
    String release = Files.readString(dists.resolve("Release"));

    assertThat(release)
        .contains("Suite: stable\n", "Codename: stable\n", "Components: main\n")
        .contains("Architectures: arm64 amd64\n", "Acquire-By-Hash: no\n")
        .containsPattern("Date: \\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} UTC\n");
    Matcher sums = Pattern.compile("(?m)^ ([0-9a-f]{64}) +(\\d+) (\\S+)$").matcher(release);
    int count = 0;
    while (sums.find()) {
      byte[] index = Files.readAllBytes(dists.resolve(sums.group(3)));
      assertThat(sha256(index)).as(sums.group(3)).isEqualTo(sums.group(1));
      assertThat(index.length).as(sums.group(3)).isEqualTo(Integer.parseInt(sums.group(2)));
      count++;
    }
    assertThat(count).isEqualTo(4);
  }

  @Test
  void packages_listTheArchitectureAllPackageUnderEachArchitecture() throws Exception {
    for (String arch : List.of("arm64", "amd64")) {
      Path packages = repository.directory().resolve("dists/stable/main/binary-" + arch);
      String plain = Files.readString(packages.resolve("Packages"));
      String unzipped =
          NativeTools.run(List.of("gzip", "-dc", packages.resolve("Packages.gz").toString()))
              .stdout();

      assertThat(plain)
          .startsWith("Package: salt-minion\n")
          .contains("Architecture: all\n")
          .contains("Filename: pool/main/s/salt-minion/salt-minion_3007.1-0_all.deb\n")
          .containsPattern("\nSHA256: [0-9a-f]{64}\n")
          .containsPattern("\nMD5sum: [0-9a-f]{32}\n");
      assertThat(unzipped).isEqualTo(plain);
    }
  }

  @Test
  void start_architectureSpecificPackage_isListedOnlyForItsArchitecture() throws Exception {
    Path tool = buildDeb("hello-arm", "1:2.0-1", "arm64");

    try (LocalAptRepository own =
        LocalAptRepository.start("trixie", List.of(tool), List.of("arm64", "amd64"))) {
      Path dists = own.directory().resolve("dists/trixie/main");
      assertThat(dists.resolve("binary-arm64/Packages"))
          .content()
          .contains("Filename: pool/main/h/hello-arm/hello-arm_2.0-1_arm64.deb\n");
      assertThat(dists.resolve("binary-amd64/Packages")).isEmptyFile();
      assertThat(own.sourcesListLine("/k.gpg"))
          .isEqualTo("deb [signed-by=/k.gpg] " + own.uri() + " trixie main");
    }
  }

  @Test
  void start_packageForAnotherArchitecture_isRejected() throws Exception {
    Path tool = buildDeb("hello-riscv", "1.0", "riscv64");

    assertThatThrownBy(() -> LocalAptRepository.start(List.of(tool), List.of("arm64")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("riscv64");
  }

  @Test
  void http_answersGetAndHeadAndRefusesTheRest() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    URI inRelease = repository.uri().resolve("dists/stable/InRelease");
    long size = Files.size(repository.directory().resolve("dists/stable/InRelease"));

    HttpResponse<byte[]> get =
        client.send(
            HttpRequest.newBuilder(inRelease).build(), HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<Void> head =
        client.send(
            HttpRequest.newBuilder(inRelease)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    HttpResponse<Void> missing =
        client.send(
            HttpRequest.newBuilder(repository.uri().resolve("dists/sid/InRelease")).build(),
            HttpResponse.BodyHandlers.discarding());
    HttpResponse<Void> directory =
        client.send(
            HttpRequest.newBuilder(repository.uri().resolve("dists/")).build(),
            HttpResponse.BodyHandlers.discarding());
    HttpResponse<Void> escape =
        client.send(
            HttpRequest.newBuilder(URI.create(repository.uri() + "%2e%2e/%2e%2e/etc/passwd"))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    HttpResponse<Void> post =
        client.send(
            HttpRequest.newBuilder(inRelease)
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.discarding());

    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).hasSize((int) size);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(size);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(directory.statusCode()).isEqualTo(404);
    assertThat(escape.statusCode()).isEqualTo(404);
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(repository.requests()).contains("HEAD /dists/stable/InRelease 200");
  }

  @Test
  void close_twice_stopsServingAndDeletesEverything() throws Exception {
    LocalAptRepository own = LocalAptRepository.withFakeSaltMinion(List.of("arm64"));
    URI uri = own.uri();
    Path directory = own.directory();

    own.close();
    own.close();

    assertThat(directory).doesNotExist();
    assertThat(own.publicKey()).doesNotExist();
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(uri.resolve("dists/stable/InRelease")).build(),
                        HttpResponse.BodyHandlers.discarding()))
        .isInstanceOf(java.io.IOException.class);
  }

  private ThrowawayApt aptWithKey(String arch, Path key) throws Exception {
    return ThrowawayApt.create(arch, repository.sourcesListLine(key.toString()));
  }

  /** A package with nothing but a control file. */
  private Path buildDeb(String name, String version, String arch) throws Exception {
    Path root = temp.resolve(name);
    Files.createDirectories(root.resolve("DEBIAN"));
    Files.writeString(
        root.resolve("DEBIAN/control"),
        "Package: %s\nVersion: %s\nArchitecture: %s\nMaintainer: t <t@baseimg.invalid>\nDescription: t\n"
            .formatted(name, version, arch));
    Path deb = temp.resolve(name + ".deb");
    NativeTools.run(
        List.of("dpkg-deb", "--build", "--root-owner-group", root.toString(), deb.toString()));
    return deb;
  }

  private static String sha256(byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }
}
