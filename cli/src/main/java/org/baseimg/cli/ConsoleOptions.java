package org.baseimg.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The {@code --console} option every long-running command shares. */
final class ConsoleOptions {
  enum Mode {
    AUTO,
    RICH,
    PLAIN
  }

  @Option(
      names = "--console",
      paramLabel = "MODE",
      description =
          "How to show progress: ${COMPLETION-CANDIDATES}. auto is rich on a terminal, plain"
              + " otherwise. NO_COLOR is honoured.",
      defaultValue = "auto")
  Mode mode = Mode.AUTO;

  @Option(
      names = {"-v", "--verbose"},
      description =
          "Show every line the tools print (debootstrap, apt, dpkg, make); without it they"
              + " appear only in a failure's message.")
  boolean verbose;

  /** A renderer for events, writing to {@code err}. */
  ConsoleRenderer renderer(PrintWriter err) {
    boolean rich =
        switch (mode) {
          case RICH -> true;
          case PLAIN -> false;
          case AUTO -> System.console() != null && !"dumb".equals(System.getenv("TERM"));
        };
    return new ConsoleRenderer(err, rich, System.getenv("NO_COLOR") == null, verbose);
  }
}
