package org.baseimg.initramfs.internal;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.tukaani.xz.SingleXZInputStream;

/**
 * Decoders that consume exactly one compressed stream (a gzip member, an xz stream, a zstd frame)
 * and not a byte more, so that the next stream of a concatenated initramfs starts where the
 * previous one ended, as in the kernel's unpacker.
 */
final class StreamDecoders {
  private StreamDecoders() {}

  /** The decoded content of the one stream starting at {@code in}'s position. */
  static InputStream open(Magic magic, PeekableInput in) throws IOException {
    return switch (magic) {
      case GZIP -> new GzipMember(in);
      // SingleXZInputStream reads exact lengths (headers, LZMA2 chunks, index, footer).
      case XZ -> new SingleXZInputStream(in);
      case ZSTD -> new ZstdInputStreamNoFinalizer(new ZstdFrame(in));
      case LZ4_LEGACY -> new Lz4Legacy(in);
      default -> throw new Magic.UnreadableCompressionException(magic);
    };
  }

  /** One gzip member, inflated from the shared buffer so no input is read past its trailer. */
  private static final class GzipMember extends BulkInputStream {
    private final PeekableInput in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private long length;
    private int fed;
    private boolean done;

    GzipMember(PeekableInput in) throws IOException {
      this.in = in;
      readHeader();
    }

    private void readHeader() throws IOException {
      byte[] fixed = in.readNBytes(10);
      if (fixed.length < 10 || (fixed[0] & 0xff) != 0x1f || (fixed[1] & 0xff) != 0x8b) {
        throw new EOFException("gzip header cut off");
      }
      if (fixed[2] != 8) {
        throw new IOException("gzip member uses compression method " + fixed[2] + ", not deflate");
      }
      int flags = fixed[3];
      if ((flags & 4) != 0) {
        int extra = in.read() | (in.read() << 8);
        in.skipNBytes(extra);
      }
      if ((flags & 8) != 0) {
        skipZeroTerminated();
      }
      if ((flags & 16) != 0) {
        skipZeroTerminated();
      }
      if ((flags & 2) != 0) {
        in.skipNBytes(2);
      }
    }

    private void skipZeroTerminated() throws IOException {
      int b;
      do {
        b = in.read();
        if (b < 0) {
          throw new EOFException("gzip header cut off");
        }
      } while (b != 0);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      try {
        while (true) {
          if (inflater.finished()) {
            checkTrailer();
            return -1;
          }
          if (inflater.needsInput()) {
            int available = in.fill(1);
            if (available == 0) {
              throw new EOFException("gzip stream cut off");
            }
            inflater.setInput(in.buffer(), in.bufferStart(), available);
            fed = available;
          }
          int n = inflater.inflate(b, off, len);
          // Consume only what the inflater used: the trailer and the next stream stay unread.
          int unused = inflater.getRemaining();
          in.consume(fed - unused);
          fed = unused;
          if (n > 0) {
            crc.update(b, off, n);
            length += n;
            return n;
          }
          if (inflater.needsDictionary()) {
            throw new IOException("gzip stream needs a preset dictionary");
          }
        }
      } catch (DataFormatException e) {
        throw new IOException("corrupt gzip data: " + e.getMessage(), e);
      }
    }

    private void checkTrailer() throws IOException {
      done = true;
      inflater.end();
      byte[] trailer = in.readNBytes(8);
      if (trailer.length < 8) {
        throw new EOFException("gzip trailer cut off");
      }
      long storedCrc = littleEndian(trailer, 0);
      long storedLength = littleEndian(trailer, 4);
      if (storedCrc != crc.getValue() || storedLength != (length & 0xFFFF_FFFFL)) {
        throw new IOException("gzip member fails its CRC32 or length check");
      }
    }

    private static long littleEndian(byte[] b, int off) {
      return (b[off] & 0xffL)
          | (b[off + 1] & 0xffL) << 8
          | (b[off + 2] & 0xffL) << 16
          | (b[off + 3] & 0xffL) << 24;
    }
  }

  /**
   * Passes through exactly one zstd frame, finding its end from the frame and block headers, so
   * that libzstd sees a single frame and the bytes after it stay unread.
   */
  private static final class ZstdFrame extends BulkInputStream {
    private enum Stage {
      HEADER,
      BLOCK,
      CHECKSUM,
      DONE
    }

    private final PeekableInput in;
    private Stage stage = Stage.HEADER;
    private boolean hasChecksum;
    private long remaining;

    ZstdFrame(PeekableInput in) {
      this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (remaining == 0) {
        if (!advance()) {
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new EOFException("zstd frame cut off");
      }
      remaining -= n;
      return n;
    }

    private boolean advance() throws IOException {
      switch (stage) {
        case HEADER -> {
          require(5);
          int descriptor = in.peek(4);
          int contentSizeFlag = descriptor >>> 6;
          boolean singleSegment = (descriptor & 0x20) != 0;
          hasChecksum = (descriptor & 0x04) != 0;
          int dictionaryIdBytes = new int[] {0, 1, 2, 4}[descriptor & 3];
          int contentSizeBytes = new int[] {singleSegment ? 1 : 0, 2, 4, 8}[contentSizeFlag];
          remaining = 5 + (singleSegment ? 0 : 1) + dictionaryIdBytes + contentSizeBytes;
          stage = Stage.BLOCK;
        }
        case BLOCK -> {
          require(3);
          int header = in.peek(0) | in.peek(1) << 8 | in.peek(2) << 16;
          boolean last = (header & 1) != 0;
          int type = (header >>> 1) & 3;
          int size = header >>> 3;
          if (type == 3) {
            throw new IOException("zstd block of reserved type");
          }
          remaining = 3 + (type == 1 ? 1 : size);
          if (last) {
            stage = hasChecksum ? Stage.CHECKSUM : Stage.DONE;
          }
        }
        case CHECKSUM -> {
          remaining = 4;
          stage = Stage.DONE;
        }
        case DONE -> {
          return false;
        }
      }
      return true;
    }

    private void require(int n) throws IOException {
      if (in.fill(n) < n) {
        throw new EOFException("zstd frame cut off");
      }
    }
  }

  /**
   * lz4's legacy format ({@code lz4 -l}), the one the kernel's unlz4 reads: a magic number, then
   * blocks of up to 8 MiB each, every one preceded by its compressed length; a repeated magic
   * number starts another stream and is skipped, as the kernel does. The stream ends at the end of
   * the input, at a zero length, or where another format's magic begins.
   */
  private static final class Lz4Legacy extends BulkInputStream {
    private static final int MAGIC = 0x184C2102;
    private static final int MAX_BLOCK = 8 << 20;

    /** LZ4_compressBound of the largest block: what the kernel allows a compressed block. */
    private static final int MAX_COMPRESSED = MAX_BLOCK + MAX_BLOCK / 255 + 16;

    private final PeekableInput in;
    private InputStream block;
    private boolean done;

    Lz4Legacy(PeekableInput in) throws IOException {
      this.in = in;
      if (in.fill(4) < 4 || littleEndian32() != MAGIC) {
        throw new IOException("lz4 legacy magic missing");
      }
      in.consume(4);
    }

    private int littleEndian32() {
      return in.peek(0) | in.peek(1) << 8 | in.peek(2) << 16 | in.peek(3) << 24;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (!done) {
        if (block != null) {
          int n;
          try {
            n = block.read(b, off, len);
          } catch (IOException e) {
            // The block is in memory: whatever fails here is its content, never the disk.
            throw new IOException("lz4 block is corrupt: " + e.getMessage(), e);
          }
          if (n >= 0) {
            return n;
          }
          block = null;
        }
        nextBlock();
      }
      return -1;
    }

    private void nextBlock() throws IOException {
      int available = in.fill(4);
      if (available == 0) {
        done = true;
        return;
      }
      if (available < 4) {
        throw new EOFException("lz4 block length cut off");
      }
      int length = littleEndian32();
      if (length == MAGIC) {
        in.consume(4);
        return;
      }
      if (length == 0 || startsAnotherFormat()) {
        done = true;
        return;
      }
      if (length < 0 || length > MAX_COMPRESSED) {
        throw new IOException(
            "lz4 block of "
                + Integer.toUnsignedString(length)
                + " bytes is longer than the kernel allows");
      }
      in.consume(4);
      if (in.fill(length) < length) {
        throw new EOFException("lz4 block cut off");
      }
      byte[] compressed = new byte[length];
      System.arraycopy(in.buffer(), in.bufferStart(), compressed, 0, length);
      in.consume(length);
      block =
          new org.apache.commons.compress.compressors.lz4.BlockLZ4CompressorInputStream(
              new java.io.ByteArrayInputStream(compressed));
    }

    private boolean startsAnotherFormat() throws IOException {
      int have = Math.min(in.fill(Magic.LONGEST), Magic.LONGEST);
      byte[] head = new byte[Magic.LONGEST];
      System.arraycopy(in.buffer(), in.bufferStart(), head, 0, have);
      Magic magic = Magic.of(head, have);
      return magic != Magic.UNKNOWN && magic != Magic.LZ4_LEGACY;
    }
  }
}
