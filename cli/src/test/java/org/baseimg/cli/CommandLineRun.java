package org.baseimg.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and keeps what it printed. */
record CommandLineRun(int exitCode, String out, String err) {

  static CommandLineRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CommandLineRun(code, out.toString(), err.toString());
  }

  /** The lines on standard error, trailing blank lines removed. */
  java.util.List<String> errLines() {
    return err.lines().filter(line -> !line.isBlank()).toList();
  }
}
