package org.baseimg.profiles.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of a profile file, decoded as YAML 1.2 says (section 5.2): a byte order mark, or else
 * the pattern of zero bytes around the first character, tells UTF-32, UTF-16 (either byte order)
 * and UTF-8 apart; UTF-8 otherwise. Bytes that are not valid in that encoding are refused.
 */
final class ProfileText {
  /** Why the bytes are not text in any encoding YAML allows. */
  static final class NotTextException extends Exception {
    private static final long serialVersionUID = 1L;

    NotTextException(String message) {
      super(message);
    }
  }

  private ProfileText() {}

  static String decode(byte[] bytes) throws NotTextException {
    Charset charset = detect(bytes);
    String text;
    try {
      text =
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new NotTextException(
          "is not valid "
              + charset.name()
              + " text; write the profile in UTF-8 (or UTF-16/UTF-32 with a byte order mark)");
    }
    // The byte order mark is no part of the document.
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static Charset detect(byte[] b) {
    int n = b.length;
    int b0 = n > 0 ? b[0] & 0xff : -1;
    int b1 = n > 1 ? b[1] & 0xff : -1;
    int b2 = n > 2 ? b[2] & 0xff : -1;
    int b3 = n > 3 ? b[3] & 0xff : -1;
    if (b0 == 0 && b1 == 0 && (b2 == 0xfe && b3 == 0xff || b2 == 0 && b3 > 0)) {
      return Charset.forName("UTF-32BE");
    }
    if (n > 3
        && (b0 == 0xff && b1 == 0xfe && b2 == 0 && b3 == 0
            || b0 > 0 && b1 == 0 && b2 == 0 && b3 == 0)) {
      return Charset.forName("UTF-32LE");
    }
    if (b0 == 0xfe && b1 == 0xff || b0 == 0 && b1 > 0) {
      return StandardCharsets.UTF_16BE;
    }
    if (b0 == 0xff && b1 == 0xfe || b0 > 0 && b1 == 0) {
      return StandardCharsets.UTF_16LE;
    }
    return StandardCharsets.UTF_8;
  }
}
