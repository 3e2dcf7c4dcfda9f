package org.baseimg.initramfs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.fs.ImagePath;
import org.baseimg.fs.OutputFile;
import org.baseimg.initramfs.internal.ArchiveAssembler;
import org.baseimg.initramfs.internal.EntryBoundaryStream;
import org.baseimg.initramfs.internal.Essentials;
import org.baseimg.internal.AtomicFile;
import org.baseimg.internal.Hashing;

/**
 * Writes a root file system as a newc cpio initramfs: sorted, normalised, streamed, compressed, and
 * byte-for-byte the same for the same tree and options.
 *
 * <pre>{@code
 * PackResult result = InitramfsWriter.create(PackOptions.defaults().withEpoch(epoch), events)
 *     .write(RootfsSource.directory(tree), Path.of("initramfs.cpio.zst"));
 * }</pre>
 */
public final class InitramfsWriter {
  private final PackOptions options;
  private final EventListener events;
  private final int threads;
  private final Optional<FrameCache> frameCache;

  private InitramfsWriter(
      PackOptions options, EventListener events, int threads, Optional<FrameCache> frameCache) {
    this.options = options;
    this.events = events;
    this.threads = threads;
    this.frameCache = frameCache;
  }

  /** A writer that compresses on all available cores. */
  public static InitramfsWriter create(PackOptions options, EventListener events) {
    return new InitramfsWriter(
        options, events, Runtime.getRuntime().availableProcessors(), Optional.empty());
  }

  /**
   * The same writer limited to {@code threads} compression threads. The output does not depend on
   * the number.
   */
  public InitramfsWriter withThreads(int newThreads) {
    if (newThreads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    return new InitramfsWriter(options, events, newThreads, frameCache);
  }

  /**
   * The same writer keeping compressed segments in {@code cache} and taking unchanged ones from
   * there. The output is the same bytes with or without it.
   */
  public InitramfsWriter withFrameCache(FrameCache cache) {
    return new InitramfsWriter(options, events, threads, Optional.of(cache));
  }

  /**
   * Packs {@code source} into {@code output}. The file appears complete or not at all: on any
   * failure nothing is left at {@code output} (an existing file there stays as it was). A symlink
   * at {@code output} is followed; a directory, device, FIFO or socket there is refused. When
   * {@code output} or its temporary file lies inside a directory source, they are left out of the
   * tree, so that the archive never holds itself.
   */
  public PackResult write(RootfsSource source, Path output) throws IOException, RootfsException {
    Path target;
    try {
      target = OutputFile.resolve(output);
    } catch (OutputFile.RefusedException e) {
      throw new RootfsException("output " + output, null, e.reason());
    }
    try (AtomicFile file = AtomicFile.create(target)) {
      Set<ImagePath> ownFiles = ownFilesInside(source, target, file.pending());
      PackResult result = write(source, file.stream(), ownFiles);
      file.commit();
      return result;
    }
  }

  /**
   * The output, its temporary file and earlier runs' leftover temporary files, as paths of a
   * directory source that holds them.
   */
  private static Set<ImagePath> ownFilesInside(RootfsSource source, Path target, Path pending)
      throws IOException {
    Optional<Path> directory = source.directory();
    if (directory.isEmpty() || !Files.isDirectory(directory.get())) {
      return Set.of();
    }
    Path root = directory.get().toRealPath();
    Path outputDirectory = target.getParent().toRealPath();
    if (!outputDirectory.startsWith(root)) {
      return Set.of();
    }
    Set<ImagePath> inside = new HashSet<>();
    String prefix = "." + target.getFileName() + ".";
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(outputDirectory)) {
      for (Path sibling : siblings) {
        String name = sibling.getFileName().toString();
        if (name.equals(target.getFileName().toString())
            || name.equals(pending.getFileName().toString())
            || (name.startsWith(prefix) && name.endsWith(AtomicFile.SUFFIX))) {
          inside.add(imagePath(root, sibling));
        }
      }
    }
    inside.add(imagePath(root, outputDirectory.resolve(target.getFileName())));
    return inside;
  }

  private static ImagePath imagePath(Path root, Path file) {
    return ImagePath.of("/" + root.relativize(file).toString());
  }

  /** Packs {@code source} into {@code out}, which is closed afterwards. */
  public PackResult write(RootfsSource source, OutputStream out)
      throws IOException, RootfsException {
    return write(source, out, Set.of());
  }

  private PackResult write(RootfsSource source, OutputStream out, Set<ImagePath> ownFiles)
      throws IOException, RootfsException {
    long started = System.nanoTime();
    MessageDigest sha256 = Hashing.sha256();
    CountingStream counted = new CountingStream(new DigestOutputStream(out, sha256));
    try (source) {
      Essentials essentials = Essentials.of(options);
      Set<ImagePath> leaveOut = new HashSet<>(essentials.replacedPaths());
      leaveOut.addAll(ownFiles);
      RootfsSource.Totals totals = source.prepare(leaveOut, events);
      events.on(new Event.PhaseStarted("pack", totals.contentBytes(), "bytes"));
      EntryBoundaryStream stream =
          EntryBoundaryStream.compressing(options.compression(), counted, threads, frameCache);
      ArchiveAssembler assembler =
          new ArchiveAssembler(
              stream,
              options.epoch(),
              source.description(),
              essentials.overlays(),
              events,
              totals.contentBytes());
      boolean finished = false;
      try {
        source.forEach(assembler);
        assembler.finish();
        stream.close();
        finished = true;
      } finally {
        if (!finished) {
          stream.discard();
          out.close();
        }
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      PackResult result =
          new PackResult(
              assembler.entries(),
              assembler.bytesWritten(),
              counted.count,
              stream.segments(),
              HexFormat.of().formatHex(sha256.digest()),
              elapsed);
      events.on(
          new Event.PhaseFinished(
              "pack",
              elapsed,
              result.entries()
                  + " entries, "
                  + result.uncompressedBytes()
                  + " bytes of cpio as "
                  + result.compressedBytes()
                  + " bytes "
                  + options.compression()));
      return result;
    }
  }

  private static final class CountingStream extends java.io.FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
