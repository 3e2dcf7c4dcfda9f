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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.baseimg.testing.NativeTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build cache shared through a registry: two cache directories stand for two machines. The
 * first builds base-arm64 (zstd -3, so that packing stays cheap) with {@code --cache-to} and
 * bootstraps; the second, empty, builds with {@code --cache-from} and fetches the tree instead of
 * bootstrapping; both artifacts have the same sha256. The registry is Debian's docker-registry on
 * 127.0.0.1, and what was published is read back with skopeo. Needs root, debootstrap, binfmt
 * qemu-aarch64 (F), the Debian mirror, docker-registry and skopeo (run-tests installs them).
 */
class RemoteCacheIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path temp;

  private static Process registry;
  private static String host;

  @BeforeAll
  static void start() throws Exception {
    for (String tool : List.of("docker-registry", "skopeo", "debootstrap")) {
      assertThat(onPath(tool))
          .as(
              tool
                  + " is missing: install docker-registry, skopeo and debootstrap (run-tests does)")
          .isTrue();
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    host = "127.0.0.1:" + port;
    Path storage = Files.createDirectories(temp.resolve("registry/storage"));
    Path config =
        Files.writeString(
            temp.resolve("registry/config.yml"),
            "version: 0.1\n"
                + "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
                + "storage:\n  filesystem:\n    rootdirectory: "
                + storage
                + "\n"
                + "http:\n  addr: "
                + host
                + "\n");
    Path log = temp.resolve("registry/registry.log");
    registry =
        new ProcessBuilder("docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    HttpClient http = HttpClient.newHttpClient();
    for (int tries = 0; ; tries++) {
      assertThat(registry.isAlive())
          .as("docker-registry exited: " + Files.readString(log))
          .isTrue();
      try {
        HttpResponse<Void> answer =
            http.send(
                HttpRequest.newBuilder(URI.create("http://" + host + "/v2/"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(answer.statusCode()).isEqualTo(200);
        return;
      } catch (IOException e) {
        assertThat(tries)
            .as("docker-registry does not answer: " + Files.readString(log))
            .isLessThan(300);
        Thread.sleep(100);
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.destroy();
      if (!registry.waitFor(30, TimeUnit.SECONDS)) {
        registry.destroyForcibly().waitFor();
      }
    }
  }

  @Test
  void build_secondMachineWithCacheFrom_fetchesTheTreeInsteadOfBootstrappingAndMatchesToTheByte()
      throws Exception {
    Path profile =
        Files.writeString(
            temp.resolve("cached-arm64.yaml"), "extends: base-arm64\noutput:\n  level: 3\n");
    String repository = host + "/baseimg/cache";

    Path firstCache = temp.resolve("machine-a/cache");
    CommandLineRun first =
        build(profile, temp.resolve("machine-a/out"), firstCache, "--cache-to", repository);

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.err()).contains("debootstrap bookworm arm64 done in");
    String base = onlyChild(firstCache.resolve("bases"));
    String key = base.substring(base.lastIndexOf('-') + 1);
    assertThat(first.err()).contains("publish cached base " + key + " done in");

    String tag = repository + ":base-" + base;
    JsonNode manifest = JSON.readTree(skopeo("inspect", "--raw", "docker://" + tag));
    assertThat(manifest.path("artifactType").asText())
        .isEqualTo("application/vnd.baseimg.cache.tree.v1");
    assertThat(manifest.path("layers")).hasSize(1);
    assertThat(manifest.path("layers").get(0).path("mediaType").asText())
        .isEqualTo("application/vnd.baseimg.cache.tree.v1.tar+zstd");
    assertThat(manifest.path("annotations").path("org.baseimg.cache.key").asText()).isEqualTo(key);

    Path secondCache = temp.resolve("machine-b/cache");
    CommandLineRun second =
        build(profile, temp.resolve("machine-b/out"), secondCache, "--cache-from", repository);

    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.err())
        .contains("fetch cached base " + key + " done in")
        .doesNotContain("debootstrap bookworm arm64")
        .doesNotContain("I: Retrieving");
    assertThat(second.out()).contains("(cached base)");
    assertThat(secondCache.resolve("bases").resolve(base).resolve("complete")).exists();
    assertThat(BuildIT.sha256(artifact(temp.resolve("machine-b/out"))))
        .as("the artifact built from the fetched tree")
        .isEqualTo(BuildIT.sha256(artifact(temp.resolve("machine-a/out"))));
  }

  @Test
  void build_cacheToWithTag_isBadInputInOneLine() throws Exception {
    CommandLineRun run =
        build(
            Path.of("base-arm64"),
            temp.resolve("tagged/out"),
            temp.resolve("tagged/cache"),
            "--cache-to",
            host + "/baseimg/cache:ci");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err().strip().lines())
        .singleElement()
        .asString()
        .contains("cache-to: '" + host + "/baseimg/cache:ci' names a tag or digest");
  }

  private static CommandLineRun build(
      Path profile, Path out, Path cache, String option, String repository) {
    return CommandLineRun.of(
        "build",
        profile.toString(),
        "-o",
        out.toString(),
        "--cache",
        cache.toString(),
        "--environment",
        "host",
        "--console",
        "plain",
        "--verbose",
        option,
        repository);
  }

  private static Path artifact(Path out) throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".cpio.zst"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no artifact in " + out));
    }
  }

  private static String onlyChild(Path directory) throws IOException {
    try (Stream<Path> children = Files.list(directory)) {
      List<String> names = children.map(path -> path.getFileName().toString()).toList();
      assertThat(names).as("kept trees in " + directory).hasSize(1);
      return names.get(0);
    }
  }

  private static String skopeo(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("skopeo", arguments[0], "--tls-verify=false"));
    command.addAll(List.of(arguments).subList(1, arguments.length));
    return NativeTools.run(command).stdout();
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))
          || Files.isExecutable(Path.of("/usr/sbin", tool))) {
        return true;
      }
    }
    return false;
  }
}
