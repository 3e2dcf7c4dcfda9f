package org.baseimg.cli;

/** The exit codes of every baseimg command. */
final class ExitCode {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int BAD_INPUT = 2;

  /** Shown at the end of every command's --help. */
  static final String HELP_SECTION =
      "%nExit codes:%n"
          + "  0  success%n"
          + "  1  failure: a tool, the network or the disk let the work down%n"
          + "  2  bad input: a wrong option, source, profile or file; nothing was written%n";

  private ExitCode() {}
}
