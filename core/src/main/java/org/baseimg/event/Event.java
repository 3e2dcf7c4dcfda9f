package org.baseimg.event;

import java.time.Duration;

/**
 * What the library tells its user while it works. The library emits these; a front end (the
 * command-line tool, a build plugin) decides how to show them.
 */
public sealed interface Event {

  /**
   * A phase of work began.
   *
   * @param phase a short name, e.g. {@code pack}
   * @param total how many units the phase will do, or {@code -1} when not known up front
   * @param unit what a unit is, e.g. {@code bytes} or {@code entries}
   */
  record PhaseStarted(String phase, long total, String unit) implements Event {}

  /**
   * A phase advanced.
   *
   * @param phase the phase's name
   * @param done units done so far
   * @param total units in all, or {@code -1}
   */
  record Progress(String phase, long done, long total) implements Event {}

  /**
   * A phase ended successfully.
   *
   * @param phase the phase's name
   * @param elapsed how long it took
   * @param summary one line saying what it did
   */
  record PhaseFinished(String phase, Duration elapsed, String summary) implements Event {}

  /**
   * Something the user should know but that does not stop the work.
   *
   * @param message one line saying what and, where it helps, what to do
   */
  record Warning(String message) implements Event {}

  /**
   * A line of output from a tool the library runs, e.g. debootstrap.
   *
   * @param source which tool
   * @param line the line, without its line break
   */
  record ToolOutput(String source, String line) implements Event {}
}
