package org.baseimg.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** The {@code --console}, {@code --log-format} and {@code --verbose} options of long commands. */
final class ConsoleOptions {
  enum Mode {
    AUTO,
    RICH,
    PLAIN
  }

  enum LogFormat {
    TEXT,
    JSON
  }

  @Option(
      names = "--console",
      paramLabel = "MODE",
      description =
          "How to show progress: ${COMPLETION-CANDIDATES}. rich draws a bar with rate and time"
              + " left; plain (for logs) prints a line per step and per 10%%; auto is rich on a"
              + " terminal, plain otherwise. NO_COLOR is honoured.",
      completionCandidates = ModeNames.class,
      defaultValue = "auto")
  Mode mode = Mode.AUTO;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      description =
          "text (default), or json: one JSON object per event on standard error (time, level,"
              + " event, and its fields), for CI systems.",
      completionCandidates = LogFormatNames.class,
      defaultValue = "text")
  LogFormat logFormat = LogFormat.TEXT;

  @Option(
      names = {"-v", "--verbose"},
      description =
          "Show every line the tools print (debootstrap, apt, dpkg, make); without it they"
              + " appear only in a failure's message.")
  boolean verbose;

  /** A renderer for events, writing to {@code err}. */
  EventRenderer renderer(PrintWriter err) {
    if (logFormat == LogFormat.JSON) {
      return new JsonEventRenderer(err, verbose, Clock.systemUTC());
    }
    boolean rich =
        switch (mode) {
          case RICH -> true;
          case PLAIN -> false;
          case AUTO -> System.console() != null && !"dumb".equals(System.getenv("TERM"));
        };
    return new ConsoleRenderer(err, rich, System.getenv("NO_COLOR") == null, verbose);
  }

  /** Choices as they are typed: lower case. */
  static List<String> lowerCase(Enum<?>[] values) {
    return Stream.of(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
  }

  static final class ModeNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return lowerCase(Mode.values()).iterator();
    }
  }

  static final class LogFormatNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return lowerCase(LogFormat.values()).iterator();
    }
  }
}
