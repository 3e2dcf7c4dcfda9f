package org.baseimg.debian.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.baseimg.BaseimgException;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.internal.Hashing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {
  private static final byte[] BODY =
      "0123456789".repeat(300_000).getBytes(StandardCharsets.US_ASCII);

  @TempDir Path directory;
  private final List<AutoCloseable> servers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable server : servers) {
      server.close();
    }
  }

  @Test
  void download_goodFile_writesItAndReportsProgressInBytes() throws Exception {
    URI uri = serve("/pool/x.deb", 200, BODY);
    List<Event> events = new CopyOnWriteArrayList<>();
    Path target = directory.resolve("x.deb");

    new Downloader(Duration.ofSeconds(5), events::add)
        .download(uri, target, BODY.length, Hashing.sha256(BODY), "x.deb");

    assertThat(target).hasBinaryContent(BODY);
    assertThat(events.get(0))
        .isEqualTo(new Event.PhaseStarted("download x.deb", BODY.length, "bytes"));
    assertThat(events).contains(new Event.Progress("download x.deb", BODY.length, BODY.length));
    assertThat(events.get(events.size() - 1)).isInstanceOf(Event.PhaseFinished.class);
  }

  @Test
  void download_wrongChecksum_leavesNothingAndSaysWhichUrl() throws Exception {
    URI uri = serve("/pool/x.deb", 200, BODY);
    Path target = directory.resolve("x.deb");

    assertThatThrownBy(
            () ->
                new Downloader(Duration.ofSeconds(5), EventListener.NONE)
                    .download(uri, target, BODY.length, "0".repeat(64), "x.deb"))
        .isInstanceOf(BaseimgException.class)
        .hasMessageStartingWith("x.deb from " + uri + " has SHA-256 " + Hashing.sha256(BODY))
        .hasMessageContaining("but the signed index says " + "0".repeat(64));
    try (var listing = Files.list(directory)) {
      assertThat(listing).isEmpty();
    }
  }

  @Test
  void fetch_missingFile_isNotFound() throws Exception {
    URI uri = serve("/dists/bookworm/InRelease", 404, new byte[0]);

    assertThatThrownBy(
            () -> new Downloader(Duration.ofSeconds(5), EventListener.NONE).fetch(uri, 1000))
        .isInstanceOf(Downloader.NotFoundException.class)
        .hasMessage(uri + " does not exist on the mirror (HTTP 404)");
  }

  @Test
  void fetch_nothingListening_isOneLineNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    URI uri = URI.create("http://127.0.0.1:" + port + "/debian/dists/bookworm/InRelease");

    assertThatThrownBy(
            () -> new Downloader(Duration.ofSeconds(5), EventListener.NONE).fetch(uri, 1000))
        .isInstanceOf(BaseimgException.class)
        .hasMessageStartingWith("the mirror did not answer: cannot connect")
        .hasMessageEndingWith("for " + uri)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void fetch_serverAcceptsButNeverAnswers_timesOutNamingTheUrl() throws Exception {
    ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    servers.add(silent);
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  accepted.add(silent.accept());
                }
              } catch (Exception e) {
                // closed
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/debian/dists/x/InRelease");

    long started = System.nanoTime();
    assertThatThrownBy(
            () -> new Downloader(Duration.ofSeconds(1), EventListener.NONE).fetch(uri, 1000))
        .isInstanceOf(BaseimgException.class)
        .hasMessage("the mirror did not answer: no response within 1 s for " + uri);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void download_bodyStopsFlowing_failsAfterTheTimeoutNamingTheUrl() throws Exception {
    ServerSocket stalling = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    servers.add(stalling);
    Thread server =
        new Thread(
            () -> {
              try (Socket socket = stalling.accept()) {
                socket.getInputStream().read(new byte[4096]);
                OutputStream out = socket.getOutputStream();
                out.write(
                    "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\nsome bytes"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(30_000);
              } catch (Exception e) {
                // test over
              }
            });
    server.setDaemon(true);
    server.start();
    URI uri = URI.create("http://127.0.0.1:" + stalling.getLocalPort() + "/pool/big.deb");

    assertThatThrownBy(
            () ->
                new Downloader(Duration.ofSeconds(1), EventListener.NONE)
                    .download(uri, directory.resolve("big.deb"), 1000000, "0".repeat(64), "big"))
        .isInstanceOf(BaseimgException.class)
        .hasMessage("the mirror stopped sending " + uri + ": no data for 1 s");
    assertThat(directory.resolve("big.deb")).doesNotExist();
  }

  @Test
  void download_connectionDroppedMidBody_failsNamingTheUrlAndLeavesNothing() throws Exception {
    ServerSocket dropping = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    servers.add(dropping);
    Thread server =
        new Thread(
            () -> {
              try (Socket socket = dropping.accept()) {
                socket.getInputStream().read(new byte[4096]);
                OutputStream out = socket.getOutputStream();
                out.write(
                    "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(BODY, 0, 300_000);
                out.flush();
                // Closing mid-body, as a mirror that restarts or a proxy that gives up does.
              } catch (Exception e) {
                // test over
              }
            });
    server.setDaemon(true);
    server.start();
    URI uri = URI.create("http://127.0.0.1:" + dropping.getLocalPort() + "/pool/big.deb");

    assertThatThrownBy(
            () ->
                new Downloader(Duration.ofSeconds(5), EventListener.NONE)
                    .download(uri, directory.resolve("big.deb"), 1000000, "0".repeat(64), "big"))
        .isInstanceOf(BaseimgException.class)
        .hasMessageStartingWith("download of " + uri + " failed: ")
        .hasMessageNotContaining("Exception")
        .hasMessageNotContaining("\n");
    try (var listing = Files.list(directory)) {
      assertThat(listing).isEmpty();
    }
  }

  @Test
  void fetch_fileMirror_readsLocalFiles() throws Exception {
    Path file = Files.write(directory.resolve("InRelease"), BODY);

    assertThat(
            new Downloader(Duration.ofSeconds(1), EventListener.NONE)
                .fetch(file.toUri(), BODY.length))
        .isEqualTo(BODY);
    assertThatThrownBy(
            () ->
                new Downloader(Duration.ofSeconds(1), EventListener.NONE)
                    .fetch(directory.resolve("nope").toUri(), 10))
        .isInstanceOf(Downloader.NotFoundException.class);
    assertThatThrownBy(
            () -> new Downloader(Duration.ofSeconds(1), EventListener.NONE).fetch(file.toUri(), 10))
        .hasMessageContaining("is larger than the expected 10 bytes");
  }

  private URI serve(String path, int status, byte[] body) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          if (exchange.getRequestURI().getPath().equals(path)) {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          } else {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
          }
        });
    server.start();
    servers.add(() -> server.stop(0));
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }
}
