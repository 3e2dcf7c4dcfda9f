package org.baseimg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code baseimg} command. */
@Command(
    name = "baseimg",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Builds Debian base images for arm64 on x86 and packs them as reproducible initramfs.",
      ""
    },
    subcommands = {
      BuildCommand.class,
      BootTestCommand.class,
      DoctorCommand.class,
      ProfileCommand.class,
      PackCommand.class,
      InspectCommand.class,
      DiffCommand.class,
      KconfigCommand.class,
      CacheCommand.class,
      PushCommand.class,
      PullCommand.class,
      ManifestCommand.class,
      KernelCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = ExitCode.HELP_SECTION)
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Set when the JVM is told to stop (Ctrl-C, SIGTERM): failures after it are its doing. */
  private static volatile boolean stopping;

  public static void main(String[] args) {
    PrintWriter err = new PrintWriter(System.err, true);
    Thread onSignal =
        new Thread(
            () -> {
              stopping = true;
              err.println("baseimg: stopped by a signal; undoing mounts and partial files");
            },
            "baseimg-signal");
    Runtime.getRuntime().addShutdownHook(onSignal);
    int code = run(args, new PrintWriter(System.out, true), err);
    Runtime.getRuntime().removeShutdownHook(onSignal);
    System.exit(code);
  }

  /** Runs a command line and returns its exit code; the tests call this. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setParameterExceptionHandler(Main::onBadParameters);
    commandLine.setExecutionExceptionHandler(Main::onFailure);
    try {
      return commandLine.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static int onBadParameters(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    command.getErr().println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
    return ExitCode.BAD_INPUT;
  }

  private static int onFailure(
      Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
    PrintWriter err = command.getErr();
    if (stopping) {
      return 130;
    }
    if (e instanceof BadInputException) {
      err.println("baseimg: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    if (e instanceof CommandLine.ParameterException parameterException) {
      return onBadParameters(parameterException, new String[0]);
    }
    String message = describe(e);
    int lineEnd = message.indexOf('\n');
    String first = lineEnd < 0 ? message : message.substring(0, lineEnd);
    // One line names the cause; a tool's last output lines, when there are any, follow it.
    err.println("baseimg: error: " + first + " (BASEIMG_DEBUG=1 shows where)");
    if (lineEnd >= 0) {
      message.substring(lineEnd + 1).lines().forEach(line -> err.println("  " + line));
    }
    if (System.getenv("BASEIMG_DEBUG") != null) {
      e.printStackTrace(err);
    }
    return ExitCode.FAILURE;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return e instanceof IOException && !(e.getClass() == IOException.class)
        ? e.getClass().getSimpleName() + ": " + message
        : message;
  }

  /** baseimg's version, as Maven wrote it into the library, and the Java running it. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "baseimg " + BaseimgVersion.current(),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.name")
            + ")"
      };
    }
  }
}
