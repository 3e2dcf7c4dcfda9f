package org.baseimg.debian.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.baseimg.BaseimgException;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.internal.AtomicFile;
import org.baseimg.internal.Hashing;

/**
 * Fetches files from a mirror over http(s), or from a {@code file:} mirror, with timeouts that turn
 * a silent mirror into one clear line naming the URL: one for connecting and for the response
 * headers, and one for a body that stops flowing.
 */
public final class Downloader {
  private static final long PROGRESS_STEP = 1L << 20;
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "baseimg-download-watchdog");
            thread.setDaemon(true);
            return thread;
          });

  /** The file is not there (HTTP 404 or 410, or no such local file). */
  public static final class NotFoundException extends BaseimgException {
    private static final long serialVersionUID = 1L;

    NotFoundException(String message) {
      super(message);
    }
  }

  private final Duration timeout;
  private final EventListener events;
  private final HttpClient client;

  /**
   * @param timeout how long to wait for a connection, for the response headers, and for the next
   *     bytes of a body
   */
  public Downloader(Duration timeout, EventListener events) {
    this.timeout = timeout;
    this.events = events;
    this.client =
        HttpClient.newBuilder()
            // HTTP/1.1: some mirrors and proxies mishandle the h2c upgrade of plain http.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /** The whole file at {@code uri}, at most {@code limit} bytes, with no progress events. */
  public byte[] fetch(URI uri, long limit) throws BaseimgException, InterruptedException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    transfer(uri, buffer, limit, null, -1);
    return buffer.toByteArray();
  }

  /**
   * Downloads {@code uri} to {@code target}, which appears only when the file has the expected size
   * and SHA-256. Emits a phase {@code download <name>} with progress in bytes.
   *
   * @param name what to call the file in events and messages, e.g. its file name
   */
  public void download(URI uri, Path target, long size, String sha256, String name)
      throws BaseimgException, InterruptedException {
    String phase = "download " + name;
    long started = System.nanoTime();
    events.on(new Event.PhaseStarted(phase, size, "bytes"));
    try (AtomicFile file = AtomicFile.create(target)) {
      MessageDigest digest = Hashing.sha256();
      OutputStream out = new java.security.DigestOutputStream(file.stream(), digest);
      long received = transfer(uri, out, size, phase, size);
      if (received != size) {
        throw new BaseimgException(
            name
                + " from "
                + uri
                + " has "
                + received
                + " bytes, but the signed index says "
                + size);
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(sha256)) {
        throw new BaseimgException(
            name
                + " from "
                + uri
                + " has SHA-256 "
                + actual
                + ", but the signed index says "
                + sha256
                + " (corrupt mirror or tampering; try again or use another mirror)");
      }
      file.commit();
    } catch (IOException e) {
      throw new BaseimgException("cannot write " + target + ": " + e.getMessage(), e);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    events.on(
        new Event.PhaseFinished(
            phase,
            elapsed,
            String.format(
                Locale.ROOT, "%.1f MB in %.1f s", size / 1e6, elapsed.toMillis() / 1000.0)));
  }

  /** Copies the body to {@code out}; returns the byte count. Fails beyond {@code limit} bytes. */
  private long transfer(URI uri, OutputStream out, long limit, String phase, long total)
      throws BaseimgException, InterruptedException {
    if ("file".equalsIgnoreCase(uri.getScheme())) {
      try (InputStream in = Files.newInputStream(Path.of(uri))) {
        return copy(in, out, limit, uri, phase, total, new AtomicLong());
      } catch (NoSuchFileException e) {
        throw new NotFoundException(uri + " does not exist");
      } catch (IOException e) {
        throw new BaseimgException("cannot read " + uri + ": " + e.getMessage(), e);
      }
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "baseimg").GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw new BaseimgException(
          "the mirror did not answer: no connection within " + seconds() + " for " + uri, e);
    } catch (HttpTimeoutException e) {
      throw new BaseimgException(
          "the mirror did not answer: no response within " + seconds() + " for " + uri, e);
    } catch (ConnectException e) {
      throw new BaseimgException(
          "the mirror did not answer: cannot connect (" + describe(e) + ") for " + uri, e);
    } catch (IOException e) {
      throw new BaseimgException("the mirror failed: " + describe(e) + " for " + uri, e);
    }
    int status = response.statusCode();
    AtomicBoolean stalled = new AtomicBoolean();
    AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    try (InputStream in = response.body()) {
      if (status == 404 || status == 410) {
        throw new NotFoundException(uri + " does not exist on the mirror (HTTP " + status + ")");
      }
      if (status != 200) {
        throw new BaseimgException("the mirror answered HTTP " + status + " for " + uri);
      }
      ScheduledFuture<?> watchdog = watch(in, lastActivity, stalled);
      try {
        return copy(in, out, limit, uri, phase, total, lastActivity);
      } finally {
        watchdog.cancel(false);
      }
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted() || e instanceof InterruptedIOException) {
        InterruptedException interrupted = new InterruptedException("download of " + uri);
        interrupted.initCause(e);
        Thread.currentThread().interrupt();
        throw interrupted;
      }
      if (stalled.get()) {
        throw new BaseimgException(
            "the mirror stopped sending " + uri + ": no data for " + seconds(), e);
      }
      throw new BaseimgException("download of " + uri + " failed: " + describe(e), e);
    }
  }

  /**
   * Closes {@code body} once no data came for the timeout, which wakes the reading thread with an
   * IOException, and sets {@code stalled}; cancel it when the read is over.
   */
  private ScheduledFuture<?> watch(
      InputStream body, AtomicLong lastActivity, AtomicBoolean stalled) {
    return WATCHDOG.scheduleWithFixedDelay(
        () -> {
          if (System.nanoTime() - lastActivity.get() > timeout.toNanos()) {
            stalled.set(true);
            try {
              body.close();
            } catch (IOException e) {
              // closing is all that matters
            }
          }
        },
        1,
        1,
        TimeUnit.SECONDS);
  }

  private long copy(
      InputStream in,
      OutputStream out,
      long limit,
      URI uri,
      String phase,
      long total,
      AtomicLong lastActivity)
      throws IOException, BaseimgException {
    byte[] buffer = new byte[1 << 16];
    long done = 0;
    long nextReport = PROGRESS_STEP;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      lastActivity.set(System.nanoTime());
      done += n;
      if (done > limit) {
        throw new BaseimgException(uri + " is larger than the expected " + limit + " bytes");
      }
      out.write(buffer, 0, n);
      if (phase != null && done >= nextReport) {
        events.on(new Event.Progress(phase, done, total));
        nextReport = done + PROGRESS_STEP;
      }
    }
    if (phase != null) {
      events.on(new Event.Progress(phase, done, total));
    }
    return done;
  }

  private String seconds() {
    return timeout.toSeconds() + " s";
  }

  private static String describe(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null
        && (cause.getMessage() == null || cause.getMessage().isBlank())) {
      cause = cause.getCause();
    }
    if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
      return "unknown host";
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
