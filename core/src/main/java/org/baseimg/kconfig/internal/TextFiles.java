package org.baseimg.kconfig.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the text files of a kernel tree and its configs as the kernel's C tools read them, within
 * bounds: lines end at {@code \n} only (a {@code \r} before it is dropped, as confdata.c drops it;
 * U+2028, U+2029 and U+0085 are ordinary characters), the size is checked before reading (a 3 GiB
 * file or {@code /dev/zero} is refused, not read into the heap), and a NUL byte or bytes that are
 * not UTF-8 are refused as binary.
 */
public final class TextFiles {
  /** A config or Kconfig file larger than this is refused; the kernel's largest are below 1 MiB. */
  public static final long MAX_FILE_BYTES = 16L << 20;

  /**
   * A longer line is refused; the kernel's longest are below 1,000 characters, but an absurdly deep
   * expression on one line should still get its own message from the parser.
   */
  public static final int MAX_LINE_CHARS = 1 << 20;

  /** Why a file was not read; the caller words the message with its own file name. */
  public static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The 1-based line the problem is on, or 0 for the file as a whole. */
    private final int line;

    RefusedException(int line, String reason) {
      super(reason);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  private TextFiles() {}

  /**
   * The text of {@code file}, at most {@link #MAX_FILE_BYTES} of UTF-8 without NUL.
   *
   * @throws RefusedException when it is too large, binary or not UTF-8
   * @throws IOException when it cannot be read (missing, a directory, no permission)
   */
  public static String read(Path file) throws IOException, RefusedException {
    if (Files.isRegularFile(file) && Files.size(file) > MAX_FILE_BYTES) {
      throw tooLarge();
    }
    // A FIFO or a device has no size to check: read one byte past the limit and stop there.
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw tooLarge();
    }
    return decode(bytes);
  }

  private static RefusedException tooLarge() {
    return new RefusedException(
        0, "is larger than " + (MAX_FILE_BYTES >> 20) + " MiB; this is not a kernel text file");
  }

  /** {@code bytes} as UTF-8 text, refused when they hold a NUL or are not UTF-8. */
  static String decode(byte[] bytes) throws RefusedException {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw new RefusedException(
            lineAt(bytes, i), "holds a NUL byte at offset " + i + "; binary data, not text");
      }
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    if (decoder.decode(in, out, true).isError()) {
      int at = in.position();
      throw new RefusedException(
          lineAt(bytes, at), "has bytes that are not UTF-8 at offset " + at + "; binary data?");
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  private static int lineAt(byte[] bytes, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return line;
  }

  /**
   * The lines of {@code text} as the kernel's tools split it: at {@code \n} only, a {@code \r}
   * right before it dropped; no last empty line after a final {@code \n}.
   *
   * @throws RefusedException for a line longer than {@link #MAX_LINE_CHARS}
   */
  public static List<String> lines(String text) throws RefusedException {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      int next = end < 0 ? text.length() : end + 1;
      int stop = end < 0 ? text.length() : end;
      if (end >= 0 && stop > start && text.charAt(stop - 1) == '\r') {
        stop--;
      }
      if (stop - start > MAX_LINE_CHARS) {
        throw new RefusedException(
            lines.size() + 1, "line is longer than " + MAX_LINE_CHARS + " characters");
      }
      lines.add(text.substring(start, stop));
      start = next;
    }
    return lines;
  }

  /** At most 80 characters of {@code line}, for a message. */
  public static String excerpt(String line) {
    return line.length() <= 80 ? line : line.substring(0, 77) + "...";
  }
}
