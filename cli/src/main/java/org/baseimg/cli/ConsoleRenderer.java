package org.baseimg.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;

/**
 * Shows library events on standard error. Rich mode keeps one status line updated in place; plain
 * mode, for logs and CI, prints a line when a phase ends and, during a long phase, its progress
 * every ten seconds. Neither prints anything before a quick failure, so bad input gets one line.
 */
final class ConsoleRenderer implements EventListener {
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final long PLAIN_PROGRESS_NANOS = 10_000_000_000L;

  private final PrintWriter err;
  private final boolean rich;
  private final boolean color;
  private long lastDraw;
  private final java.util.Map<String, String> units = new java.util.HashMap<>();
  private final java.util.Map<String, Long> phaseStarts = new java.util.HashMap<>();
  private boolean statusShown;
  private final boolean verbose;

  ConsoleRenderer(PrintWriter err, boolean rich, boolean color, boolean verbose) {
    this.err = err;
    this.rich = rich;
    this.color = color && rich;
    this.verbose = verbose;
  }

  @Override
  public synchronized void on(Event event) {
    if (event instanceof Event.PhaseStarted started) {
      units.put(started.phase(), started.unit());
      phaseStarts.put(started.phase(), System.nanoTime());
      lastDraw = System.nanoTime();
    } else if (event instanceof Event.Progress progress) {
      long now = System.nanoTime();
      String text =
          progress.phase()
              + " "
              + amount(
                  progress.done(), progress.total(), units.getOrDefault(progress.phase(), "bytes"))
              + rateAndEta(progress, now);
      if (rich && now - lastDraw > REDRAW_NANOS) {
        lastDraw = now;
        status(text);
      } else if (!rich && now - lastDraw > PLAIN_PROGRESS_NANOS) {
        lastDraw = now;
        err.println("baseimg: " + text);
      }
    } else if (event instanceof Event.PhaseFinished finished) {
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
      } else if (rich) {
        status(output.source() + ": " + output.line());
      }
    }
    err.flush();
  }

  /** Removes the status line before normal output. */
  synchronized void clearStatus() {
    if (statusShown) {
      err.print("\r\u001b[2K");
      statusShown = false;
      err.flush();
    }
  }

  private void status(String text) {
    String line = text.length() > 100 ? text.substring(0, 97) + "..." : text;
    err.print("\r\u001b[2K" + line);
    statusShown = true;
  }

  /** {@code , 12.3/s, 2m 24s left} once a phase has run a few seconds; bytes have no rate here. */
  private String rateAndEta(Event.Progress progress, long now) {
    Long started = phaseStarts.get(progress.phase());
    String unit = units.getOrDefault(progress.phase(), "bytes");
    if (started == null || unit.equals("bytes") || unit.equals("steps") || progress.done() <= 0) {
      return "";
    }
    double seconds = (now - started) / 1e9;
    if (seconds < 3) {
      return "";
    }
    double rate = progress.done() / seconds;
    String text = String.format(Locale.ROOT, ", %.1f/s", rate);
    if (progress.total() > progress.done()) {
      long left = Math.round((progress.total() - progress.done()) / rate);
      text += ", " + (left >= 60 ? left / 60 + "m " + left % 60 + "s" : left + "s") + " left";
    }
    return text;
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
