package org.baseimg.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A signed apt repository served over HTTP on 127.0.0.1, made from {@code .deb} files, with a
 * throwaway OpenPGP key; it stands in for third-party repositories (the Salt Project's) that tests
 * cannot reach.
 *
 * <p>The layout is Debian's: {@code pool/main/<letter>/<source>/<file>.deb}, {@code
 * dists/<suite>/main/binary-<arch>/Packages} and {@code Packages.gz}, and {@code
 * dists/<suite>/Release} with SHA256 sums, clear-signed as {@code InRelease} and detached-signed as
 * {@code Release.gpg}. An {@code Architecture: all} package is listed under every architecture. Use
 * it with {@code deb [signed-by=<publicKey()>] <uri()> <suite()> main}, see {@link
 * #sourcesListLine(String)}.
 *
 * <p>Everything lives in one temporary directory, readable by all so that apt's unprivileged {@code
 * _apt} downloader can read the keys; {@link #close()} stops the server, the gpg-agent and deletes
 * it. Needs gpg with its agent (package gnupg) and dpkg-deb; a missing tool is an {@link
 * IllegalStateException} that says what to install.
 */
public final class LocalAptRepository implements AutoCloseable {
  /** The suite (and codename) unless one is given. */
  public static final String DEFAULT_SUITE = "stable";

  /** The only component. */
  public static final String COMPONENT = "main";

  private final Path temporary;
  private final Path gnupgHome;
  private final Path directory;
  private final String suite;
  private final List<String> architectures;
  private final Path publicKey;
  private final Path armoredPublicKey;
  private final Path otherPublicKey;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private HttpServer server;
  private ExecutorService executor;
  private boolean closed;

  private LocalAptRepository(
      Path temporary, String suite, List<String> architectures, List<Path> debs)
      throws IOException, InterruptedException {
    this.temporary = temporary;
    this.gnupgHome = temporary.resolve("gnupg");
    this.directory = temporary.resolve("repository");
    this.suite = suite;
    this.architectures = List.copyOf(architectures);
    Path keys = Files.createDirectory(temporary.resolve("keys"));
    this.publicKey = keys.resolve("repository.gpg");
    this.armoredPublicKey = keys.resolve("repository.asc");
    this.otherPublicKey = keys.resolve("unrelated.gpg");

    // gpg warns about a home that others can read.
    Files.createDirectory(
        gnupgHome,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    String signingKey = generateKey("baseimg test repository <apt-repository@baseimg.invalid>");
    String unrelatedKey = generateKey("baseimg unrelated test key <unrelated@baseimg.invalid>");
    gpg("--output", publicKey.toString(), "--export", signingKey);
    gpg("--armor", "--output", armoredPublicKey.toString(), "--export", signingKey);
    gpg("--output", otherPublicKey.toString(), "--export", unrelatedKey);

    AptRepositoryFiles.write(directory, suite, this.architectures, debs);
    sign(signingKey);
    makeReadableByAll(keys);
    makeReadableByAll(directory);
  }

  /**
   * Builds {@link FakeSaltMinion} and serves it in suite {@value #DEFAULT_SUITE}.
   *
   * @param architectures e.g. {@code List.of("arm64", "amd64")}
   */
  public static LocalAptRepository withFakeSaltMinion(List<String> architectures)
      throws IOException, InterruptedException {
    Path build = Files.createTempDirectory("fake-salt-minion-deb-");
    try {
      return start(List.of(FakeSaltMinion.build(build)), architectures);
    } finally {
      Directories.deleteTree(build);
    }
  }

  /**
   * Serves {@code debs} in suite {@value #DEFAULT_SUITE}; see {@link #start(String, List, List)}.
   */
  public static LocalAptRepository start(List<Path> debs, List<String> architectures)
      throws IOException, InterruptedException {
    return start(DEFAULT_SUITE, debs, architectures);
  }

  /**
   * Generates the keys, writes and signs the repository, and starts serving it.
   *
   * @param suite the suite and codename, e.g. {@code stable}
   * @param debs the packages; each is copied into the pool
   * @param architectures the binary architectures to index, e.g. {@code arm64}; every package must
   *     be {@code Architecture: all} or one of them
   */
  public static LocalAptRepository start(String suite, List<Path> debs, List<String> architectures)
      throws IOException, InterruptedException {
    if (!suite.matches("[a-z0-9][a-z0-9.+-]*")) {
      throw new IllegalArgumentException("not a Debian suite name: '" + suite + "'");
    }
    if (architectures.isEmpty() || debs.isEmpty()) {
      throw new IllegalArgumentException(
          "a repository needs packages and architectures, got " + debs + " for " + architectures);
    }
    requireTools();
    Path temporary = Files.createTempDirectory("baseimg-apt-repository-");
    boolean started = false;
    try {
      LocalAptRepository repository = new LocalAptRepository(temporary, suite, architectures, debs);
      repository.serve();
      started = true;
      return repository;
    } finally {
      if (!started) {
        killAgent(temporary.resolve("gnupg"));
        Directories.deleteTree(temporary);
      }
    }
  }

  /** The repository's base, e.g. {@code http://127.0.0.1:40123/}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** The suite (also the codename). */
  public String suite() {
    return suite;
  }

  /** The indexed binary architectures, as given. */
  public List<String> architectures() {
    return architectures;
  }

  /** The served directory (the one holding {@code dists/} and {@code pool/}). */
  public Path directory() {
    return directory;
  }

  /** The signing key, binary as {@code gpg --export} writes it, for {@code signed-by}. */
  public Path publicKey() {
    return publicKey;
  }

  /** The signing key, ASCII-armored ({@code .asc}); apt accepts it in {@code signed-by} too. */
  public Path armoredPublicKey() {
    return armoredPublicKey;
  }

  /** A second key that signed nothing here: apt must reject the repository with it. */
  public Path otherPublicKey() {
    return otherPublicKey;
  }

  /**
   * A one-line-style sources entry, e.g. {@code deb [signed-by=/etc/apt/keyrings/x.gpg]
   * http://127.0.0.1:40123/ stable main}.
   *
   * @param signedBy the key's path as apt will see it (inside a chroot, the in-chroot path)
   */
  public String sourcesListLine(String signedBy) {
    return "deb [signed-by=" + signedBy + "] " + uri() + " " + suite + " " + COMPONENT;
  }

  /** How many HTTP requests were answered (any status), e.g. to show that apt really fetched. */
  public int requestCount() {
    return requests.size();
  }

  /** The requests answered so far, in order, e.g. {@code GET /dists/stable/InRelease 200}. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /**
   * The requests answered after the first {@code count}: those of one step, when {@code count} is
   * the {@link #requestCount()} before it, and none of an earlier test sharing the repository.
   */
  public List<String> requestsAfter(int count) {
    synchronized (requests) {
      return List.copyOf(requests.subList(count, requests.size()));
    }
  }

  /**
   * Stops the server and the gpg-agent and deletes the repository and the keys; later calls do
   * nothing.
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.stop(0);
      executor.shutdownNow();
      killAgent(gnupgHome);
    } finally {
      Directories.deleteTree(temporary);
    }
  }

  private void serve() throws IOException {
    // Loopback only: nothing outside this machine may fetch from a test.
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor =
        Executors.newFixedThreadPool(
            4,
            task -> {
              Thread thread = new Thread(task, "local-apt-repository");
              // A repository a test forgot to close must not keep the JVM alive.
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      Optional<Path> file = resolve(path);
      boolean known = method.equals("GET") || method.equals("HEAD");
      int status = !known ? 405 : file.isPresent() ? 200 : 404;
      // Logged before answering, so a client that got the answer finds it in requests().
      requests.add(method + " " + path + " " + status);
      if (status == 405) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(status, -1);
      } else if (status == 404) {
        exchange.sendResponseHeaders(status, -1);
      } else {
        long size = Files.size(file.get());
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        if (method.equals("HEAD")) {
          exchange.getResponseHeaders().set("Content-Length", Long.toString(size));
          exchange.sendResponseHeaders(status, -1);
        } else {
          exchange.sendResponseHeaders(status, size);
          try (OutputStream body = exchange.getResponseBody()) {
            Files.copy(file.get(), body);
          }
        }
      }
    } finally {
      exchange.close();
    }
  }

  /** The regular file that {@code urlPath} names inside the repository, if there is one. */
  private Optional<Path> resolve(String urlPath) {
    if (urlPath == null || !urlPath.startsWith("/")) {
      return Optional.empty();
    }
    Path relative;
    try {
      relative = Path.of(urlPath.substring(1)).normalize();
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
    if (relative.isAbsolute() || relative.startsWith("..")) {
      return Optional.empty();
    }
    Path file = directory.resolve(relative);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  private void sign(String key) throws IOException, InterruptedException {
    Path dists = directory.resolve("dists").resolve(suite);
    String release = dists.resolve("Release").toString();
    gpg(
        "--local-user",
        key,
        "--output",
        dists.resolve("InRelease").toString(),
        "--clearsign",
        release);
    gpg(
        "--local-user",
        key,
        "--armor",
        "--output",
        dists.resolve("Release.gpg").toString(),
        "--detach-sign",
        release);
  }

  /** Generates an unprotected ed25519 signing key; returns its fingerprint. */
  private String generateKey(String userId) throws IOException, InterruptedException {
    NativeTools.Result result =
        gpg(
            "--passphrase",
            "",
            "--pinentry-mode",
            "loopback",
            "--status-fd",
            "1",
            "--quick-gen-key",
            userId,
            "ed25519",
            "sign",
            "never");
    // "[GNUPG:] KEY_CREATED P <fingerprint>"
    return result.stdoutLines().stream()
        .filter(line -> line.startsWith("[GNUPG:] KEY_CREATED "))
        .map(line -> line.substring(line.lastIndexOf(' ') + 1))
        .findFirst()
        .orElseThrow(
            () -> new IOException("gpg created no key for " + userId + ": " + result.stdout()));
  }

  private NativeTools.Result gpg(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("gpg", "--homedir", gnupgHome.toString()));
    command.addAll(List.of("--batch", "--yes", "--no-tty"));
    command.addAll(List.of(arguments));
    return NativeTools.run(command);
  }

  /** Stops the agent gpg started for {@code gnupgHome}; harmless if none runs. */
  private static void killAgent(Path gnupgHome) throws IOException {
    if (Files.isDirectory(gnupgHome)) {
      NativeTools.runToClose(
          List.of("gpgconf", "--homedir", gnupgHome.toString(), "--kill", "all"));
    }
  }

  private static void requireTools() {
    // The gpg package alone only recommends the agent, without which gpg cannot sign.
    for (String tool : List.of("gpg", "gpg-agent", "gpgconf")) {
      try {
        NativeTools.requireInstalled(tool);
      } catch (IllegalStateException e) {
        throw new IllegalStateException(tool + " is not installed: apt-get install gnupg", e);
      }
    }
    try {
      NativeTools.requireInstalled("dpkg-deb");
    } catch (IllegalStateException e) {
      throw new IllegalStateException("dpkg-deb is not installed: apt-get install dpkg", e);
    }
  }

  private static void makeReadableByAll(Path root) throws IOException {
    List<Path> paths;
    try (var walk = Files.walk(root)) {
      paths = walk.toList();
    }
    for (Path path : paths) {
      Files.setPosixFilePermissions(
          path,
          PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
    }
    // createTempDirectory makes the parent private to its owner.
    Files.setPosixFilePermissions(root.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /**
   * Serves a repository with the fake salt-minion for scripts (the benchmarks): prints {@code
   * uri=...} and {@code key=...}, then serves until standard input closes.
   */
  public static void main(String[] args) throws Exception {
    try (LocalAptRepository repository = withFakeSaltMinion(List.of("arm64", "amd64"))) {
      System.out.println("uri=" + repository.uri());
      System.out.println("key=" + repository.publicKey());
      System.out.flush();
      while (System.in.read() >= 0) {
        // Serve until the caller closes our standard input.
      }
    }
  }
}
