package org.baseimg.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.baseimg.BaseimgException;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;

/**
 * Runs the tools baseimg drives (debootstrap, chroot, mount, the kernel's make): each output line
 * becomes a {@link Event.ToolOutput}, the last lines are kept for the error message, and the whole
 * process tree is killed when the calling thread is interrupted.
 */
public final class Processes {
  private static final int TAIL = 25;

  private Processes() {}

  /**
   * What a finished command printed.
   *
   * @param exitCode its exit status
   * @param output every line (stdout and stderr merged), when captured; else the tail
   */
  public record Result(int exitCode, List<String> output) {
    public String text() {
      return String.join("\n", output);
    }
  }

  /**
   * A command to run.
   *
   * @param environment variables to set
   * @param inheritEnvironment false to start from an empty environment (commands in an image)
   */
  public record Command(
      List<String> arguments,
      Map<String, String> environment,
      boolean inheritEnvironment,
      String label) {
    public static Command of(String label, List<String> arguments) {
      return new Command(List.copyOf(arguments), Map.of(), true, label);
    }

    public static Command of(String label, String... arguments) {
      return of(label, List.of(arguments));
    }

    /** The same command with these variables added to the inherited environment. */
    public Command withEnvironment(Map<String, String> variables) {
      return new Command(arguments, Map.copyOf(variables), inheritEnvironment, label);
    }

    /** The same command with exactly these variables and no others. */
    public Command withOnlyEnvironment(Map<String, String> variables) {
      return new Command(arguments, Map.copyOf(variables), false, label);
    }
  }

  /** Runs {@code command}; fails naming the command and its last lines unless it exits 0. */
  public static Result run(Command command, EventListener events)
      throws BaseimgException, InterruptedException {
    return succeeded(command, runAllowingFailure(command, events, false));
  }

  /** Runs {@code command} and keeps all it printed, for reading its output. */
  public static Result capture(Command command, EventListener events)
      throws BaseimgException, InterruptedException {
    return succeeded(command, runAllowingFailure(command, events, true));
  }

  private static Result succeeded(Command command, Result result) throws BaseimgException {
    if (result.exitCode() != 0) {
      throw new BaseimgException(
          command.label()
              + " failed (exit "
              + result.exitCode()
              + "): "
              + String.join(" ", command.arguments())
              + (result.output().isEmpty() ? "" : "\n" + tail(result.output())));
    }
    return result;
  }

  private static String tail(List<String> lines) {
    return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL), lines.size()));
  }

  /** Runs {@code command} and returns its exit code whatever it is. */
  public static Result runAllowingFailure(Command command, EventListener events, boolean keepAll)
      throws BaseimgException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command.arguments()).redirectErrorStream(true);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    if (!command.inheritEnvironment()) {
      builder.environment().clear();
    }
    builder.environment().putAll(command.environment());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new BaseimgException(
          "cannot start "
              + command.arguments().get(0)
              + " for "
              + command.label()
              + ": "
              + e.getMessage(),
          e);
    }
    List<String> all = new ArrayList<>();
    Deque<String> tail = new ArrayDeque<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        events.on(new Event.ToolOutput(command.label(), line));
        if (keepAll) {
          all.add(line);
        } else {
          tail.addLast(line);
          if (tail.size() > TAIL) {
            tail.removeFirst();
          }
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException(command.label() + " interrupted");
        }
      }
      return new Result(process.waitFor(), keepAll ? all : List.copyOf(tail));
    } catch (IOException e) {
      throw new BaseimgException(
          "reading the output of " + command.label() + ": " + e.getMessage(), e);
    } finally {
      if (process.isAlive()) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
          process.waitFor();
        } catch (InterruptedException again) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
