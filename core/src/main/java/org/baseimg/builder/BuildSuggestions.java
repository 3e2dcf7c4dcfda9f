package org.baseimg.builder;

/**
 * What the library suggests when a build cannot go on, in the words of whoever drives it: core says
 * what to do, the front end says how (a command-line flag, a plugin setting). The defaults name no
 * front end's flags. Model: Jib's {@code HelpfulSuggestions}.
 */
public interface BuildSuggestions {

  /** Suggestions that name no flag, for programs that embed the library. */
  BuildSuggestions NEUTRAL = new BuildSuggestions() {};

  /** How to build in a container when this host cannot. */
  default String buildInContainer() {
    return "or build in a Docker container instead";
  }

  /** How to build on this host when no container can. */
  default String buildOnHost() {
    return "or build on this host instead";
  }

  /** How to let a build give its container more than the least privileges. */
  default String allowEscalation() {
    return "or allow the build to escalate the container's privileges";
  }

  /** How to see every problem of this host at once. */
  default String checkHost(int problems) {
    return "this host has " + problems + " problems in all";
  }

  /** How to let the build install what the host lacks. */
  default String allowInstalls() {
    return "or let the build install them";
  }
}
