package org.baseimg.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.baseimg.event.Event;

/**
 * Shows library events on standard error as text. Rich mode keeps one status line updated in place:
 * the phase, a bar when its total is known, the rate and the time left. Plain mode, for logs and
 * CI, prints a line when a phase ends and one each time a phase with a known total passes another
 * tenth; no bars. Tools' own lines (apt's "Reading database ... 5%") appear only with {@code
 * --verbose}. Nothing is printed before a quick failure, so bad input gets one line.
 */
final class ConsoleRenderer implements EventRenderer {
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int BAR_WIDTH = 20;

  private final PrintWriter err;
  private final boolean rich;
  private final boolean color;
  private final boolean verbose;

  /** The running phases, the most recently started last. */
  private final LinkedHashMap<String, Phase> phases = new LinkedHashMap<>();

  private long lastDraw;
  private boolean statusShown;

  /** What the renderer knows of a running phase. */
  private static final class Phase {
    final String unit;
    final long started = System.nanoTime();
    long tenthsShown;

    Phase(String unit) {
      this.unit = unit;
    }
  }

  ConsoleRenderer(PrintWriter err, boolean rich, boolean color, boolean verbose) {
    this.err = err;
    this.rich = rich;
    this.color = color && rich;
    this.verbose = verbose;
  }

  @Override
  public synchronized void on(Event event) {
    if (event instanceof Event.PhaseStarted started) {
      phases.put(started.phase(), new Phase(started.unit()));
      lastDraw = 0;
    } else if (event instanceof Event.Progress progress) {
      onProgress(progress);
    } else if (event instanceof Event.PhaseFinished finished) {
      phases.remove(finished.phase());
      clearStatus();
      err.println(
          "baseimg: "
              + finished.phase()
              + " done in "
              + seconds(finished.elapsed())
              + (finished.summary().isEmpty() ? "" : ": " + finished.summary()));
    } else if (event instanceof Event.Info info) {
      clearStatus();
      err.println("baseimg: " + info.message());
    } else if (event instanceof Event.Warning warning) {
      clearStatus();
      err.println((color ? "\u001b[33mwarning:\u001b[0m " : "warning: ") + warning.message());
    } else if (event instanceof Event.ToolOutput output) {
      if (verbose) {
        clearStatus();
        err.println("  " + output.source() + ": " + output.line());
      } else if (rich && !phases.isEmpty()) {
        // The tool is alive: the innermost phase's time moves, the tool's words stay away.
        Map.Entry<String, Phase> innermost = null;
        for (Map.Entry<String, Phase> phase : phases.entrySet()) {
          innermost = phase;
        }
        redraw(innermost.getKey() + " " + elapsed(innermost.getValue()));
      }
    }
    err.flush();
  }

  private void onProgress(Event.Progress progress) {
    Phase phase = phases.computeIfAbsent(progress.phase(), name -> new Phase("bytes"));
    long now = System.nanoTime();
    String text =
        progress.phase()
            + " "
            + amount(progress.done(), progress.total(), phase.unit)
            + rateAndEta(progress, phase, now);
    if (rich) {
      redraw(bar(progress) + text);
    } else if (progress.total() > 0) {
      long tenths = Math.min(10, progress.done() * 10 / progress.total());
      if (tenths > phase.tenthsShown && tenths < 10) {
        phase.tenthsShown = tenths;
        err.println("baseimg: " + text);
      }
    }
  }

  /** Redraws the status line, at most ten times a second. */
  private void redraw(String text) {
    long now = System.nanoTime();
    if (now - lastDraw > REDRAW_NANOS) {
      lastDraw = now;
      status(text);
    }
  }

  /** Removes the status line before normal output. */
  @Override
  public synchronized void clearStatus() {
    if (statusShown) {
      err.print("\r\u001b[2K");
      statusShown = false;
      err.flush();
    }
  }

  private void status(String text) {
    String line = text.length() > 110 ? text.substring(0, 107) + "..." : text;
    err.print("\r\u001b[2K" + line);
    statusShown = true;
  }

  /** {@code [#######-------------] } when the total is known. */
  static String bar(Event.Progress progress) {
    if (progress.total() <= 0) {
      return "";
    }
    int filled = (int) Math.min(BAR_WIDTH, progress.done() * BAR_WIDTH / progress.total());
    return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] ";
  }

  /** {@code , 12.3/s, 2m 24s left} once a phase has run a few seconds. */
  private static String rateAndEta(Event.Progress progress, Phase phase, long now) {
    if (phase.unit.equals("steps") || progress.done() <= 0) {
      return "";
    }
    double seconds = (now - phase.started) / 1e9;
    if (seconds < 3) {
      return "";
    }
    double rate = progress.done() / seconds;
    String text =
        phase.unit.equals("bytes")
            ? ", " + bytes(Math.round(rate)) + "/s"
            : String.format(Locale.ROOT, ", %.1f/s", rate);
    if (progress.total() > progress.done()) {
      long left = Math.round((progress.total() - progress.done()) / rate);
      text += ", " + duration(left) + " left";
    }
    return text;
  }

  private static String elapsed(Phase phase) {
    return duration((System.nanoTime() - phase.started) / 1_000_000_000L);
  }

  static String duration(long seconds) {
    return seconds >= 60 ? seconds / 60 + "m " + seconds % 60 + "s" : seconds + "s";
  }

  static String amount(long done, long total, String unit) {
    if (!unit.equals("bytes")) {
      return total > 0 ? done + " of " + total + " " + unit : done + " " + unit;
    }
    if (total > 0) {
      return String.format(
          Locale.ROOT, "%3d%% %s of %s", done * 100 / total, bytes(done), bytes(total));
    }
    return bytes(done);
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
