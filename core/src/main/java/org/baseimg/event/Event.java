package org.baseimg.event;

import java.time.Duration;

/**
 * What the library tells its user while it works. The library emits these; a front end (the
 * command-line tool, a build plugin) decides how to show them, by {@link #level()}.
 */
public sealed interface Event {

  /** How much an event matters to someone watching, from least to most. */
  enum Level {
    /** A tool's own output: shown when asked for (verbose), kept for a failure's message. */
    DETAIL,
    /** Where the work is: phases and their progress. */
    PROGRESS,
    /** Something worth knowing that needs nothing from the user. */
    INFO,
    /** Something the user should look at, although the work goes on. */
    WARNING
  }

  /** How much this event matters. */
  Level level();

  /**
   * A phase of work began.
   *
   * @param phase a short name, e.g. {@code pack}
   * @param total how many units the phase will do, or {@code -1} when not known up front
   * @param unit what a unit is, e.g. {@code bytes} or {@code entries}
   */
  record PhaseStarted(String phase, long total, String unit) implements Event {
    @Override
    public Level level() {
      return Level.PROGRESS;
    }
  }

  /**
   * A phase advanced.
   *
   * @param phase the phase's name
   * @param done units done so far
   * @param total units in all, or {@code -1}
   */
  record Progress(String phase, long done, long total) implements Event {
    @Override
    public Level level() {
      return Level.PROGRESS;
    }
  }

  /**
   * A phase ended successfully.
   *
   * @param phase the phase's name
   * @param elapsed how long it took
   * @param summary one line saying what it did
   */
  record PhaseFinished(String phase, Duration elapsed, String summary) implements Event {
    @Override
    public Level level() {
      return Level.PROGRESS;
    }
  }

  /**
   * Something worth knowing that needs nothing from the user: which environment {@code auto} chose,
   * what is being installed.
   *
   * @param message one line
   */
  record Info(String message) implements Event {
    @Override
    public Level level() {
      return Level.INFO;
    }
  }

  /**
   * Something the user should know but that does not stop the work.
   *
   * @param message one line saying what and, where it helps, what to do
   */
  record Warning(String message) implements Event {
    @Override
    public Level level() {
      return Level.WARNING;
    }
  }

  /**
   * A line of output from a tool the library runs, e.g. debootstrap.
   *
   * @param source which tool
   * @param line the line, without its line break
   */
  record ToolOutput(String source, String line) implements Event {
    @Override
    public Level level() {
      return Level.DETAIL;
    }
  }
}
