package org.baseimg.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleLinesTest {
  @Test
  void splitter_serialLineEndingsAndChunkBoundaries_givesWholeLinesWithoutCr() {
    List<String> lines = new ArrayList<>();
    ConsoleLines.Splitter splitter = new ConsoleLines.Splitter(lines::add);
    byte[] text =
        "[    0.000000] Booting\r\nbaseimg-init: up\r\n\nlast".getBytes(StandardCharsets.UTF_8);

    for (int i = 0; i < text.length; i += 5) {
      splitter.feed(text, i, Math.min(5, text.length - i));
    }
    splitter.finish();

    assertThat(lines).containsExactly("[    0.000000] Booting", "baseimg-init: up", "", "last");
  }

  @Test
  void splitter_endlessLine_isCutIntoPieces() {
    List<String> lines = new ArrayList<>();
    ConsoleLines.Splitter splitter = new ConsoleLines.Splitter(lines::add);
    byte[] text = "x".repeat(ConsoleLines.MAX_LINE * 2 + 3).getBytes(StandardCharsets.US_ASCII);

    splitter.feed(text, 0, text.length);
    splitter.finish();

    assertThat(lines)
        .extracting(String::length)
        .containsExactly(ConsoleLines.MAX_LINE, ConsoleLines.MAX_LINE, 3);
  }

  @Test
  void start_stream_deliversLinesThenEnd() throws Exception {
    ConsoleLines lines =
        ConsoleLines.start(
            new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8)), "test-console");

    assertThat(lines.poll(5000).line()).isEqualTo("a");
    assertThat(lines.poll(5000).line()).isEqualTo("b");
    assertThat(lines.poll(5000).isEnd()).isTrue();
  }
}
