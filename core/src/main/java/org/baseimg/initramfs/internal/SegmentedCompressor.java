package org.baseimg.initramfs.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compresses a cpio stream as independently compressed segments, several at once, and writes them
 * in order. A segment ends at the first entry boundary after {@code segmentBytes}, so segment
 * boundaries depend on the input only, never on the number of threads: the output is the same on
 * any machine.
 *
 * <p>Memory stays bounded: at most {@code threads + 1} segments are held. An entry too large to
 * hold (more than {@link #SPILL_FACTOR} segments) is compressed straight to the output on the
 * calling thread instead, after the segments before it have been written.
 */
final class SegmentedCompressor extends EntryBoundaryStream {
  static final int SPILL_FACTOR = 4;

  private final OutputStream out;
  private final Codec codec;
  private final long segmentBytes;
  private final int threads;
  private final ExecutorService pool;
  private final Optional<FrameFiles> frameFiles;
  private final ArrayDeque<Future<ByteChunks>> inFlight = new ArrayDeque<>();

  private ByteChunks current = new ByteChunks();
  private OutputStream direct;
  private int segments;

  SegmentedCompressor(OutputStream out, Codec codec, int threads, Optional<FrameFiles> frameFiles) {
    this.out = out;
    this.codec = codec;
    this.frameFiles = codec.cacheIdentity().isPresent() ? frameFiles : Optional.empty();
    this.segmentBytes = codec.segmentBytes();
    this.threads = Math.max(1, threads);
    AtomicInteger counter = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            this.threads,
            task -> {
              Thread thread = new Thread(task, "baseimg-compress-" + counter.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (direct != null) {
      direct.write(b, off, len);
      return;
    }
    current.write(b, off, len);
    if (current.size() > SPILL_FACTOR * segmentBytes) {
      startDirect();
    }
  }

  private void startDirect() throws IOException {
    drain(0);
    direct = codec.open(out);
    current.writeTo(direct);
    current = null;
  }

  @Override
  public void entryBoundary(byte[] entryName) throws IOException {
    if (direct != null) {
      direct.close();
      direct = null;
      segments++;
      current = new ByteChunks();
    } else if (codec.endsSegment(current.size(), entryName)) {
      seal();
    }
  }

  private void seal() throws IOException {
    ByteChunks segment = current;
    current = new ByteChunks();
    inFlight.add(pool.submit(() -> compress(segment)));
    segments++;
    drain(threads);
  }

  private ByteChunks compress(ByteChunks segment) {
    try {
      if (frameFiles.isEmpty()) {
        return compressed(segment);
      }
      String key = FrameFiles.key(codec.cacheIdentity().orElseThrow(), segment);
      Optional<ByteChunks> kept = frameFiles.get().find(key);
      if (kept.isPresent()) {
        return kept.get();
      }
      ByteChunks compressed = compressed(segment);
      frameFiles.get().keep(key, compressed);
      return compressed;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ByteChunks compressed(ByteChunks segment) throws IOException {
    ByteChunks compressed = new ByteChunks();
    codec.compress(segment, compressed);
    return compressed;
  }

  /** Writes finished segments, oldest first, until at most {@code keep} are outstanding. */
  private void drain(int keep) throws IOException {
    while (inFlight.size() > keep) {
      Future<ByteChunks> oldest = inFlight.poll();
      try {
        oldest.get().writeTo(out);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abort();
        throw new InterruptedIOException("interrupted while compressing");
      } catch (ExecutionException e) {
        abort();
        Throwable cause = e.getCause();
        if (cause instanceof UncheckedIOException unchecked) {
          throw unchecked.getCause();
        }
        if (cause instanceof Error error) {
          // Out of memory in a worker is the JVM's condition, reported as such by the caller.
          throw error;
        }
        throw new IOException("compression failed: " + cause, cause);
      }
    }
  }

  @Override
  public void discard() {
    abort();
  }

  private void abort() {
    inFlight.forEach(future -> future.cancel(true));
    inFlight.clear();
    pool.shutdownNow();
  }

  @Override
  public int segments() {
    return segments;
  }

  @Override
  public void close() throws IOException {
    try {
      if (direct != null) {
        direct.close();
        direct = null;
        segments++;
      } else if (current != null && current.size() > 0) {
        seal();
      }
      drain(0);
      out.close();
      if (frameFiles.isPresent()) {
        frameFiles.get().evict();
      }
    } finally {
      abort();
    }
  }
}
