package org.baseimg.builder.internal.cache;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.image.ImageSpec;
import org.baseimg.internal.Hashing;
import org.baseimg.internal.Trees;
import org.baseimg.oci.Descriptor;
import org.baseimg.oci.ImageReference;
import org.baseimg.oci.RegistryOptions;
import org.baseimg.oci.internal.CacheArtifacts;
import org.baseimg.oci.internal.RegistryClient;

/**
 * The build cache shared through a registry: kept trees fetched from {@code build.cache-from} when
 * the cache directory lacks them, and published to {@code build.cache-to} when the registry lacks
 * them. The cache directory stays the first stop. A tree travels as GNU tar's pax archive of the
 * kept directory (numeric owners, modes, device nodes, hard links, symlinks, xattrs), so the tree
 * fetched is the tree kept, and the image packed from it the same to the byte.
 *
 * <p>A fetch that fails (unreachable registry, refused credentials, bytes other than those named)
 * warns and the build goes on as if the registry had no tree; a publish that fails fails the build,
 * since a fleet that silently stops sharing its cache only gets slower.
 */
public final class RemoteCache {
  /** The zstd level of published trees: fast, and most of the gain of higher ones. */
  private static final int ZSTD_LEVEL = 3;

  private static final long PROGRESS_STEP = 8L << 20;

  private final Optional<ImageReference> from;
  private final Optional<ImageReference> to;
  private final RegistryOptions options;
  private final EventListener events;

  private RemoteCache(
      Optional<ImageReference> from,
      Optional<ImageReference> to,
      RegistryOptions options,
      EventListener events) {
    this.from = from;
    this.to = to;
    this.options = options;
    this.events = events;
  }

  /**
   * The registries {@code build} names.
   *
   * @throws BadInputException when a name is not a repository reference
   */
  public static RemoteCache of(
      ImageSpec.BuildSpec build, RegistryOptions options, EventListener events)
      throws BadInputException {
    Optional<ImageReference> from = Optional.empty();
    if (build.cacheFrom().isPresent()) {
      from = Optional.of(CacheArtifacts.repository(build.cacheFrom().get(), "cache-from"));
    }
    Optional<ImageReference> to = Optional.empty();
    if (build.cacheTo().isPresent()) {
      to = Optional.of(CacheArtifacts.repository(build.cacheTo().get(), "cache-to"));
    }
    return new RemoteCache(from, to, options, events);
  }

  /** Whether a registry is named at all. */
  public boolean enabled() {
    return from.isPresent() || to.isPresent();
  }

  /** {@code base} or {@code packages}: what kind of tree a kept directory holds. */
  static String kind(BaseCache.Lookup kept) {
    return CacheLayout.LAYERS.equals(kept.directory().getParent().getFileName().toString())
        ? "packages"
        : "base";
  }

  /** Where {@code kept} lives in {@code repository}. */
  public static ImageReference reference(ImageReference repository, BaseCache.Lookup kept) {
    return CacheArtifacts.reference(
        repository, kind(kept), kept.directory().getFileName().toString());
  }

  /**
   * Fetches a kept tree into the cache directory when {@code cache-from} has it. The tree appears
   * under its key, with its {@code complete} marker, only once all of it is there and its bytes are
   * the ones the registry's manifest names.
   *
   * @return whether the tree is now kept
   */
  public boolean fetch(BaseCache.Lookup kept) throws InterruptedException {
    if (from.isEmpty()) {
      return false;
    }
    ImageReference reference = reference(from.get(), kept);
    try {
      RegistryClient client = new RegistryClient(reference, options, false);
      Optional<Descriptor> layer = CacheArtifacts.find(client, reference);
      if (layer.isEmpty()) {
        events.on(new Event.Info("cache-from: " + reference + " is not there; building it"));
        return false;
      }
      receive(client, reference, layer.get(), kept);
      return true;
    } catch (BaseimgException | IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("stopped while fetching " + reference);
      }
      events.on(
          new Event.Warning(
              "cache-from: cannot fetch "
                  + reference
                  + " ("
                  + message(e)
                  + "); building it instead"));
      return false;
    }
  }

  /**
   * Publishes a kept tree to {@code cache-to} unless the registry has it already.
   *
   * @param scratch a directory for the compressed tar while it is uploaded
   * @throws BaseimgException when the registry cannot be reached or refuses
   */
  public void publish(BaseCache.Lookup kept, Path scratch)
      throws BaseimgException, InterruptedException {
    if (to.isEmpty()) {
      return;
    }
    ImageReference reference = reference(to.get(), kept);
    Path blob = scratch.resolve("cache-" + kept.key() + ".tar.zst");
    try {
      RegistryClient client = new RegistryClient(reference, options, true);
      if (CacheArtifacts.find(client, reference).isPresent()) {
        return;
      }
      String phase = "publish cached " + kind(kept) + " " + kept.key();
      long started = System.nanoTime();
      events.on(new Event.PhaseStarted(phase, -1, "bytes"));
      MessageDigest digest = Hashing.sha256();
      try (OutputStream file = Files.newOutputStream(blob);
          DigestOutputStream hashed = new DigestOutputStream(file, digest);
          ZstdOutputStream zstd = new ZstdOutputStream(hashed, ZSTD_LEVEL)) {
        tar(kept.tree(), zstd, phase);
      }
      long size = Files.size(blob);
      String hex = "sha256:" + HexFormat.of().formatHex(digest.digest());
      Map<String, String> annotations = new TreeMap<>();
      annotations.put(CacheArtifacts.KEY, kept.key());
      annotations.put(CacheArtifacts.KIND, kind(kept));
      CacheArtifacts.push(client, reference, blob, hex, size, annotations);
      events.on(
          new Event.PhaseFinished(
              phase,
              Duration.ofNanos(System.nanoTime() - started),
              mib(size) + " to " + reference));
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("stopped while publishing " + reference);
      }
      throw new BaseimgException(
          "cache-to: cannot publish " + reference + ": " + message(e) + "", e);
    } catch (BaseimgException e) {
      throw new BaseimgException(
          "cache-to: cannot publish " + reference + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(blob);
      } catch (IOException e) {
        // The work directory goes with the build.
      }
    }
  }

  /** Streams the blob through zstd into tar, beside the kept tree's place, then puts it there. */
  private void receive(
      RegistryClient client, ImageReference reference, Descriptor layer, BaseCache.Lookup kept)
      throws BaseimgException, IOException, InterruptedException {
    Path partial =
        kept.directory()
            .resolveSibling(
                kept.directory().getFileName()
                    + CacheLayout.PARTIAL
                    + ProcessHandle.current().pid());
    String phase = "fetch cached " + kind(kept) + " " + kept.key();
    long started = System.nanoTime();
    events.on(new Event.PhaseStarted(phase, layer.size(), "bytes"));
    try {
      Trees.delete(partial);
      Path tree = Files.createDirectories(partial.resolve(CacheLayout.TREE));
      Process tar =
          new ProcessBuilder(
                  "tar",
                  "--extract",
                  "--file=-",
                  "--directory=" + tree,
                  "--numeric-owner",
                  "--same-owner",
                  "--same-permissions",
                  "--xattrs",
                  "--xattrs-include=*")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      StderrTail stderr = new StderrTail(tar.getErrorStream());
      try (CacheArtifacts.Checked in = CacheArtifacts.open(client, layer, reference)) {
        try (InputStream zstd = new ZstdInputStream(new Counted(in, phase, layer.size()));
            OutputStream out = tar.getOutputStream()) {
          zstd.transferTo(out);
        } catch (IOException e) {
          if (tar.isAlive() || tar.waitFor() == 0) {
            throw e;
          }
          // tar stopped reading: its own message says why.
        }
        int exit = tar.waitFor();
        if (exit != 0) {
          throw new BaseimgException(
              "tar could not unpack " + reference + " (exit " + exit + "): " + stderr.text());
        }
        in.verify();
      } finally {
        tar.destroyForcibly();
      }
      if (!Files.isDirectory(tree.resolve("usr/bin"))) {
        throw new BaseimgException(reference + " holds no root file system (no /usr/bin)");
      }
      Files.writeString(partial.resolve(CacheLayout.COMPLETE), kept.key() + "\n");
      try {
        Files.move(partial, kept.directory());
      } catch (java.nio.file.FileAlreadyExistsException
          | java.nio.file.DirectoryNotEmptyException e) {
        // Another build kept or fetched the same tree first.
      }
    } finally {
      if (Files.exists(partial, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Trees.delete(partial);
      }
    }
    events.on(
        new Event.PhaseFinished(
            phase,
            Duration.ofNanos(System.nanoTime() - started),
            mib(layer.size()) + " from " + reference));
  }

  /**
   * Writes the tree as a pax tar: names sorted, owners numeric, access and change times left out.
   */
  private void tar(Path tree, OutputStream out, String phase)
      throws IOException, BaseimgException, InterruptedException {
    Process tar =
        new ProcessBuilder(
                List.of(
                    "tar",
                    "--create",
                    "--file=-",
                    "--directory=" + tree,
                    "--format=posix",
                    "--pax-option=delete=atime,delete=ctime",
                    "--sort=name",
                    "--numeric-owner",
                    "--xattrs",
                    "--xattrs-include=*",
                    "."))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    StderrTail stderr = new StderrTail(tar.getErrorStream());
    try (InputStream in = tar.getInputStream()) {
      byte[] buffer = new byte[1 << 16];
      long total = 0;
      long reported = 0;
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        total += n;
        if (total - reported >= PROGRESS_STEP) {
          reported = total;
          events.on(new Event.Progress(phase, total, -1));
        }
      }
      int exit = tar.waitFor();
      if (exit != 0) {
        throw new BaseimgException(
            "tar could not read the kept tree " + tree + " (exit " + exit + "): " + stderr.text());
      }
    } finally {
      tar.destroyForcibly();
    }
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  private static String message(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The compressed bytes read, as progress of the fetch phase. */
  private final class Counted extends java.io.FilterInputStream {
    private final String phase;
    private final long total;
    private long done;
    private long reported;

    Counted(InputStream in, String phase, long total) {
      super(in);
      this.phase = phase;
      this.total = total;
    }

    /** Leaves the checked stream open: what tar did not need is still to be read and checked. */
    @Override
    public void close() {}

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        done += n;
        if (done - reported >= PROGRESS_STEP) {
          reported = done;
          events.on(new Event.Progress(phase, done, total));
        }
      }
      return n;
    }
  }

  /** The last lines tar wrote to stderr, read on a thread of its own so that tar never blocks. */
  private static final class StderrTail {
    private final ByteArrayOutputStream tail = new ByteArrayOutputStream();
    private final Thread reader;

    StderrTail(InputStream stderr) {
      reader =
          new Thread(
              () -> {
                byte[] buffer = new byte[8192];
                try (stderr) {
                  int n;
                  while ((n = stderr.read(buffer)) >= 0) {
                    synchronized (tail) {
                      if (tail.size() < 64 * 1024) {
                        tail.write(buffer, 0, n);
                      }
                    }
                  }
                } catch (IOException e) {
                  // tar is gone; what it wrote so far is the message.
                }
              },
              "tar stderr");
      reader.setDaemon(true);
      reader.start();
    }

    String text() throws InterruptedException {
      reader.join(5000);
      String text;
      synchronized (tail) {
        text = tail.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
      }
      List<String> lines = text.lines().toList();
      return lines.isEmpty()
          ? "no message"
          : String.join("; ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
  }
}
