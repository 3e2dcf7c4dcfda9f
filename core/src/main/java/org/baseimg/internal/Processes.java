package org.baseimg.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.baseimg.BaseimgException;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;

/**
 * Runs the tools baseimg drives (debootstrap, chroot, mount, the kernel's make), the one way every
 * part of the library starts a process: standard output and standard error are read apart, on
 * threads of their own, each line becoming a {@link Event.ToolOutput}; the caller waits
 * interruptibly, and an interrupt kills the whole process tree; a failure has one message, which
 * names the command and ends with the last lines it wrote to standard error (else to standard
 * output).
 *
 * <p>The processes started here and still running are known, so that a shutdown hook can end
 * exactly those ({@link #killStarted}) and no other child of the JVM.
 */
public final class Processes {
  private static final int TAIL = 25;
  private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();

  private Processes() {}

  /**
   * What a finished command printed.
   *
   * @param exitCode its exit status
   * @param output what it wrote to standard output: every line when captured, else the last ones
   * @param errors what it wrote to standard error: every line when captured, else the last ones
   */
  public record Result(int exitCode, List<String> output, List<String> errors) {
    public Result {
      output = List.copyOf(output);
      errors = List.copyOf(errors);
    }

    /** Standard output, one line after another. */
    public String text() {
      return String.join("\n", output);
    }

    /** The lines that explain a failure: standard error's last lines, else standard output's. */
    public List<String> diagnostics() {
      List<String> lines = errors.isEmpty() ? output : errors;
      return lines.subList(Math.max(0, lines.size() - TAIL), lines.size());
    }
  }

  /**
   * A command to run.
   *
   * @param environment variables to set
   * @param inheritEnvironment false to start from an empty environment (commands in an image)
   * @param label what the command is for, in events and messages
   */
  public record Command(
      List<String> arguments,
      Map<String, String> environment,
      boolean inheritEnvironment,
      String label) {
    public Command {
      arguments = List.copyOf(arguments);
      environment = Map.copyOf(environment);
    }

    public static Command of(String label, List<String> arguments) {
      return new Command(arguments, Map.of(), true, label);
    }

    public static Command of(String label, String... arguments) {
      return of(label, List.of(arguments));
    }

    /** The same command with these variables added to the inherited environment. */
    public Command withEnvironment(Map<String, String> variables) {
      return new Command(arguments, variables, inheritEnvironment, label);
    }

    /** The same command with exactly these variables and no others. */
    public Command withOnlyEnvironment(Map<String, String> variables) {
      return new Command(arguments, variables, false, label);
    }
  }

  /** Runs {@code command}; fails naming the command and its last lines unless it exits 0. */
  public static Result run(Command command, EventListener events)
      throws BaseimgException, InterruptedException {
    return requireSuccess(command.label(), command.arguments(), run(command, events, false));
  }

  /** Runs {@code command} and keeps all it printed, for reading its output. */
  public static Result capture(Command command, EventListener events)
      throws BaseimgException, InterruptedException {
    return requireSuccess(command.label(), command.arguments(), run(command, events, true));
  }

  /** Runs {@code command} and returns its result whatever its exit code. */
  public static Result runAllowingFailure(Command command, EventListener events, boolean keepAll)
      throws BaseimgException, InterruptedException {
    return run(command, events, keepAll);
  }

  /**
   * {@code result} when it exited 0, else the one failure message of the library: {@code label
   * failed (exit N): ARGUMENTS} and the lines that explain it. Also for commands run elsewhere (in
   * a container).
   */
  public static Result requireSuccess(String label, List<String> arguments, Result result)
      throws BaseimgException {
    if (result.exitCode() != 0) {
      throw new BaseimgException(failure(label, arguments, result));
    }
    return result;
  }

  /** The message {@link #requireSuccess} throws with. */
  public static String failure(String label, List<String> arguments, Result result) {
    List<String> explained = result.diagnostics();
    return label
        + " failed (exit "
        + result.exitCode()
        + "): "
        + String.join(" ", arguments)
        + (explained.isEmpty() ? "" : "\n" + String.join("\n", explained));
  }

  /** Kills every process started here that still runs, with its children, and waits for them. */
  public static void killStarted() {
    List<Process> running = new ArrayList<>(STARTED);
    for (Process process : running) {
      killTree(process);
    }
  }

  private static Result run(Command command, EventListener events, boolean keepAll)
      throws BaseimgException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command.arguments());
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
    STARTED.add(process);
    Lines output = new Lines(keepAll);
    Lines errors = new Lines(keepAll);
    Thread outputReader = reader(process.getInputStream(), command.label(), events, output);
    Thread errorReader = reader(process.getErrorStream(), command.label(), events, errors);
    try {
      int exitCode = process.waitFor();
      outputReader.join();
      errorReader.join();
      if (output.failure != null || errors.failure != null) {
        IOException failure = output.failure != null ? output.failure : errors.failure;
        throw new BaseimgException(
            "reading the output of " + command.label() + ": " + failure.getMessage(), failure);
      }
      return new Result(exitCode, output.lines(), errors.lines());
    } finally {
      if (process.isAlive()) {
        killTree(process);
      }
      STARTED.remove(process);
    }
  }

  private static Thread reader(InputStream stream, String label, EventListener events, Lines sink) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  events.on(new Event.ToolOutput(label, line));
                  sink.add(line);
                }
              } catch (IOException e) {
                sink.failure = e;
              }
            },
            "baseimg-output-" + label);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void killTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    boolean interrupted = false;
    List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
    exits.add(process.toHandle().onExit());
    descendants.forEach(child -> exits.add(child.onExit()));
    for (CompletableFuture<ProcessHandle> exit : exits) {
      while (true) {
        try {
          exit.get(10, TimeUnit.SECONDS);
          break;
        } catch (InterruptedException again) {
          interrupted = true;
        } catch (ExecutionException | TimeoutException e) {
          break; // a process that outlives SIGKILL for 10 s is stuck in the kernel: leave it
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The lines of one stream: all of them, or the last {@link #TAIL}. */
  private static final class Lines {
    private final boolean keepAll;
    private final Deque<String> lines = new ArrayDeque<>();
    private volatile IOException failure;

    Lines(boolean keepAll) {
      this.keepAll = keepAll;
    }

    synchronized void add(String line) {
      lines.addLast(line);
      if (!keepAll && lines.size() > TAIL) {
        lines.removeFirst();
      }
    }

    synchronized List<String> lines() {
      return List.copyOf(lines);
    }
  }
}
