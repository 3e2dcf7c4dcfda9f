package org.baseimg.cli;

import org.baseimg.builder.BuildSuggestions;

/** The library's suggestions in this command line's words: its flags and commands. */
final class CliSuggestions implements BuildSuggestions {
  static final CliSuggestions INSTANCE = new CliSuggestions();

  private CliSuggestions() {}

  @Override
  public String buildInContainer() {
    return "or run with --environment docker";
  }

  @Override
  public String buildOnHost() {
    return "or run with --environment host";
  }

  @Override
  public String allowEscalation() {
    return "or run with --allow-escalation to let the container run unconfined or privileged";
  }

  @Override
  public String checkHost(int problems) {
    return "baseimg doctor lists all " + problems + " problems";
  }

  @Override
  public String allowInstalls() {
    return "run without --no-install to install them";
  }
}
