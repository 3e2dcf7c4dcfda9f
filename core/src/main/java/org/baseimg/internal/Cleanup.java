package org.baseimg.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Undo actions of a running build (unmount, delete a work directory), run in reverse order when the
 * build ends, fails, or the JVM is told to stop (Ctrl-C, SIGTERM): a shutdown hook first kills the
 * tools the library started (and nothing else of a program that embeds it), then runs what is left.
 * Each action runs at most once.
 */
public final class Cleanup implements AutoCloseable {
  /** Something to undo. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  private record Named(String what, Action action) {}

  private final Deque<Named> actions = new ArrayDeque<>();
  private final Thread hook;
  private final java.util.function.Consumer<String> problems;

  /**
   * @param problems told about actions that fail, e.g. a mount that will not go away
   */
  public Cleanup(java.util.function.Consumer<String> problems) {
    this.problems = problems;
    this.hook = new Thread(this::onShutdown, "baseimg-build-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Registers an action; the last registered runs first. */
  public synchronized void add(String what, Action action) {
    actions.push(new Named(what, action));
  }

  /** Runs and forgets the most recent action registered under {@code what}, if any. */
  public synchronized void runNow(String what) {
    for (Named named : actions) {
      if (named.what().equals(what)) {
        actions.remove(named);
        runOne(named);
        return;
      }
    }
  }

  private void onShutdown() {
    Processes.killStarted();
    runAll();
  }

  private synchronized void runAll() {
    while (!actions.isEmpty()) {
      runOne(actions.pop());
    }
  }

  private void runOne(Named named) {
    try {
      named.action().run();
    } catch (Exception e) {
      problems.accept(named.what() + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    runAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run: nothing left to remove.
    }
  }
}
