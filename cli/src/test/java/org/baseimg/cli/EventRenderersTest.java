package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.baseimg.event.Event;
import org.junit.jupiter.api.Test;

/** What the console and the JSON log show of the library's events. */
class EventRenderersTest {
  private final StringWriter text = new StringWriter();
  private final PrintWriter err = new PrintWriter(text);

  private static void pack(EventRenderer renderer) {
    renderer.on(new Event.PhaseStarted("pack", 1000, "bytes"));
    for (long done = 0; done <= 1000; done += 50) {
      renderer.on(new Event.Progress("pack", done, 1000));
    }
    renderer.on(new Event.ToolOutput("apt-get install", "(Reading database ... 5%"));
    renderer.on(new Event.PhaseFinished("pack", Duration.ofMillis(1500), "12 entries"));
  }

  @Test
  void plain_printsALinePerTenth_noBars_noToolChatter_thenTheEnd() {
    pack(new ConsoleRenderer(err, false, false, false));

    List<String> lines = text.toString().lines().toList();
    assertThat(lines).hasSize(10);
    assertThat(lines.get(0)).isEqualTo("baseimg: pack  10% 100 B of 1000 B");
    assertThat(lines.get(8)).isEqualTo("baseimg: pack  90% 900 B of 1000 B");
    assertThat(lines.get(9)).isEqualTo("baseimg: pack done in 1.5 s: 12 entries");
    assertThat(text.toString()).doesNotContain("[#").doesNotContain("Reading database");
  }

  @Test
  void plain_verbose_showsToolLines() {
    new ConsoleRenderer(err, false, false, true)
        .on(new Event.ToolOutput("apt-get install", "(Reading database ... 5%"));

    assertThat(text.toString()).isEqualTo("  apt-get install: (Reading database ... 5%\n");
  }

  @Test
  void rich_drawsABarInPlace_andClearsItForTheFinalLine() {
    ConsoleRenderer renderer = new ConsoleRenderer(err, true, false, false);
    renderer.on(new Event.PhaseStarted("debootstrap packages", 178, "unpacks and configures"));
    renderer.on(new Event.Progress("debootstrap packages", 89, 178));
    renderer.on(new Event.PhaseFinished("debootstrap packages", Duration.ofSeconds(90), ""));

    assertThat(text.toString())
        .startsWith(
            "\r\u001b[2K[##########----------] debootstrap packages 89 of 178 unpacks and"
                + " configures")
        .endsWith("\r\u001b[2Kbaseimg: debootstrap packages done in 90.0 s\n");
  }

  @Test
  void rich_withoutVerbose_showsTheInnermostRunningPhaseInsteadOfToolLines() throws Exception {
    ConsoleRenderer renderer = new ConsoleRenderer(err, true, false, false);
    renderer.on(new Event.PhaseStarted("step 2/5: install packages", -1, ""));
    renderer.on(new Event.PhaseStarted("apt packages", 4, "unpacks and configures"));
    renderer.on(new Event.PhaseFinished("apt packages", Duration.ofSeconds(1), ""));
    Thread.sleep(150); // past the redraw interval
    renderer.on(new Event.ToolOutput("apt-get install", "Processing triggers for libc-bin"));

    assertThat(text.toString())
        .endsWith("\r\u001b[2Kstep 2/5: install packages 0s")
        .doesNotContain("Processing triggers");
  }

  @Test
  void json_oneObjectPerEvent_progressPerPercent_toolLinesOnlyVerbose() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
    pack(new JsonEventRenderer(err, false, clock));

    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line : text.toString().lines().toList()) {
      events.add(mapper.readTree(line));
    }
    assertThat(events).hasSize(1 + 21 + 1);
    assertThat(events.get(0).toString())
        .isEqualTo(
            "{\"time\":\"2026-12-02T10:00:00Z\",\"level\":\"progress\",\"event\":\"phase-started\","
                + "\"phase\":\"pack\",\"total\":1000,\"unit\":\"bytes\"}");
    assertThat(events.get(21).path("done").asLong()).isEqualTo(1000);
    assertThat(events.get(22).path("event").asText()).isEqualTo("phase-finished");
    assertThat(events.get(22).path("seconds").asDouble()).isEqualTo(1.5);
    assertThat(text.toString()).doesNotContain("Reading database");
  }

  @Test
  void json_repeatedProgressWithinAPercent_isShownOnce() {
    JsonEventRenderer renderer =
        new JsonEventRenderer(err, true, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    renderer.on(new Event.Progress("pack", 1, 1000));
    renderer.on(new Event.Progress("pack", 5, 1000));
    renderer.on(new Event.Progress("pack", 10, 1000));
    renderer.on(new Event.Warning("a\nb"));
    renderer.on(new Event.ToolOutput("make", "CC init/main.o"));

    List<String> lines = text.toString().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(2)).contains("\"message\":\"a\\nb\"");
    assertThat(lines.get(3)).contains("\"event\":\"tool-output\"");
  }
}
