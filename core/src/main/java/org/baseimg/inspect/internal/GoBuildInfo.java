package org.baseimg.inspect.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Tells Go programs apart: the Go linker (1.13 and later) puts a {@code .go.buildinfo} section in
 * every executable, starting with the 14 bytes {@code "\xff Go buildinf:"}, which is what {@code go
 * version} looks for too. Only ELF files are searched.
 */
final class GoBuildInfo {
  private static final byte[] ELF = {0x7f, 'E', 'L', 'F'};
  private static final byte[] MAGIC = magic();

  private GoBuildInfo() {}

  /** Reads {@code in} (up to its end, for an ELF file) and says whether it holds Go build info. */
  static boolean isGoProgram(InputStream in) throws IOException {
    byte[] head = in.readNBytes(ELF.length);
    for (int i = 0; i < ELF.length; i++) {
      if (head.length < ELF.length || head[i] != ELF[i]) {
        return false;
      }
    }
    // A plain search: the magic's first byte (0xff) does not occur again in it.
    byte[] buffer = new byte[1 << 16];
    int matched = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      for (int i = 0; i < n; i++) {
        byte b = buffer[i];
        if (b == MAGIC[matched]) {
          if (++matched == MAGIC.length) {
            return true;
          }
        } else {
          matched = b == MAGIC[0] ? 1 : 0;
        }
      }
    }
    return false;
  }

  private static byte[] magic() {
    byte[] text = " Go buildinf:".getBytes(StandardCharsets.US_ASCII);
    byte[] magic = new byte[text.length + 1];
    magic[0] = (byte) 0xff;
    System.arraycopy(text, 0, magic, 1, text.length);
    return magic;
  }
}
