package org.baseimg.initramfs.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/** An in-memory byte sequence held as 1 MiB chunks, so that growing it never copies. */
final class ByteChunks extends OutputStream {
  private static final int CHUNK = 1 << 20;

  private final List<byte[]> chunks = new ArrayList<>();
  private int usedInLast = CHUNK;
  private long size;

  @Override
  public void write(int b) {
    if (usedInLast == CHUNK) {
      chunks.add(new byte[CHUNK]);
      usedInLast = 0;
    }
    chunks.get(chunks.size() - 1)[usedInLast++] = (byte) b;
    size++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    while (len > 0) {
      if (usedInLast == CHUNK) {
        chunks.add(new byte[CHUNK]);
        usedInLast = 0;
      }
      int n = Math.min(len, CHUNK - usedInLast);
      System.arraycopy(b, off, chunks.get(chunks.size() - 1), usedInLast, n);
      usedInLast += n;
      off += n;
      len -= n;
      size += n;
    }
  }

  long size() {
    return size;
  }

  /** Hands each chunk's used bytes, in order, to {@code consumer}. */
  void forEachChunk(ChunkConsumer consumer) throws IOException {
    for (int i = 0; i < chunks.size(); i++) {
      consumer.accept(chunks.get(i), i == chunks.size() - 1 ? usedInLast : CHUNK);
    }
  }

  /** Receives one chunk: its array and how many of its bytes are used. */
  interface ChunkConsumer {
    void accept(byte[] chunk, int length) throws IOException;
  }

  void writeTo(OutputStream out) throws IOException {
    for (int i = 0; i < chunks.size(); i++) {
      out.write(chunks.get(i), 0, i == chunks.size() - 1 ? usedInLast : CHUNK);
    }
  }
}
