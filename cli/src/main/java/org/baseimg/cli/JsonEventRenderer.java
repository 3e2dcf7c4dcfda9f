package org.baseimg.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.baseimg.event.Event;

/**
 * {@code --log-format json}: one JSON object per line for each event, for CI systems to parse.
 * Every object has {@code time} (UTC, milliseconds), {@code level} and {@code event}; the rest are
 * the event's fields. Progress comes at most once per percent of a phase with a total (once per
 * second without), tools' lines only with {@code --verbose}.
 */
final class JsonEventRenderer implements EventRenderer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintWriter err;
  private final boolean verbose;
  private final Clock clock;
  private final Map<String, Long> lastShown = new HashMap<>();

  JsonEventRenderer(PrintWriter err, boolean verbose, Clock clock) {
    this.err = err;
    this.verbose = verbose;
    this.clock = clock;
  }

  @Override
  public synchronized void on(Event event) {
    if (event instanceof Event.ToolOutput && !verbose) {
      return;
    }
    if (event instanceof Event.Progress progress && !due(progress)) {
      return;
    }
    ObjectNode line = JSON.createObjectNode();
    line.put("time", Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString());
    line.put("level", event.level().name().toLowerCase(Locale.ROOT));
    if (event instanceof Event.PhaseStarted started) {
      line.put("event", "phase-started");
      line.put("phase", started.phase());
      putTotal(line, started.total());
      line.put("unit", started.unit());
    } else if (event instanceof Event.Progress progress) {
      line.put("event", "progress");
      line.put("phase", progress.phase());
      line.put("done", progress.done());
      putTotal(line, progress.total());
    } else if (event instanceof Event.PhaseFinished finished) {
      line.put("event", "phase-finished");
      line.put("phase", finished.phase());
      line.put("seconds", finished.elapsed().toMillis() / 1000.0);
      line.put("summary", finished.summary());
    } else if (event instanceof Event.Info info) {
      line.put("event", "info");
      line.put("message", info.message());
    } else if (event instanceof Event.Warning warning) {
      line.put("event", "warning");
      line.put("message", warning.message());
    } else if (event instanceof Event.ToolOutput output) {
      line.put("event", "tool-output");
      line.put("source", output.source());
      line.put("line", output.line());
    }
    try {
      err.println(JSON.writeValueAsString(line));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event's fields are plain values: " + e.getMessage(), e);
    }
    err.flush();
  }

  /** A total when known; unknown totals ({@code -1}) are left out. */
  private static void putTotal(ObjectNode line, long total) {
    if (total >= 0) {
      line.put("total", total);
    }
  }

  /** Whether a progress event moves its phase on by a percent (or a second) since the last one. */
  private boolean due(Event.Progress progress) {
    long mark =
        progress.total() > 0 ? progress.done() * 100 / progress.total() : clock.millis() / 1000;
    Long last = lastShown.put(progress.phase(), mark);
    return last == null || last != mark;
  }

  @Override
  public void clearStatus() {
    // nothing is drawn in place
  }
}
