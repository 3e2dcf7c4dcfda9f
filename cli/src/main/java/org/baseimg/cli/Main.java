package org.baseimg.cli;

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
    int code;
    try {
      code = run(args, new PrintWriter(System.out, true), err);
    } catch (OutOfMemoryError e) {
      // Partial files go with the JVM's own shutdown hooks; this is no signal.
      Runtime.getRuntime().removeShutdownHook(onSignal);
      err.println(
          "baseimg: error: out of memory ("
              + e.getMessage()
              + "): give Java more, e.g. BASEIMG_JAVA_OPTS=-Xmx1g");
      System.exit(ExitCode.FAILURE);
      return;
    }
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
      // Messages quote names from files and archives: escape them for the terminal.
      err.println("baseimg: " + Escapes.escape(e.getMessage()));
      return ExitCode.BAD_INPUT;
    }
    if (e instanceof CommandLine.ParameterException parameterException) {
      return onBadParameters(parameterException, new String[0]);
    }
    String message = describe(e);
    int lineEnd = message.indexOf('\n');
    String first = lineEnd < 0 ? message : message.substring(0, lineEnd);
    // One line names the cause; a tool's last output lines, when there are any, follow it.
    err.println("baseimg: error: " + Escapes.escape(first) + " (BASEIMG_DEBUG=1 shows where)");
    if (lineEnd >= 0) {
      message
          .substring(lineEnd + 1)
          .lines()
          .forEach(line -> err.println("  " + Escapes.escape(line)));
    }
    if (System.getenv("BASEIMG_DEBUG") != null) {
      e.printStackTrace(err);
    }
    return ExitCode.FAILURE;
  }

  /** A failure in words: what the JDK's exception classes mean, never their names. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    if (e instanceof java.nio.file.FileSystemException fs) {
      String reason;
      if (e instanceof java.nio.file.NoSuchFileException) {
        reason = "no such file or directory";
      } else if (e instanceof java.nio.file.AccessDeniedException) {
        reason = "permission denied";
      } else if (e instanceof java.nio.file.FileAlreadyExistsException) {
        reason = "already exists";
      } else if (e instanceof java.nio.file.DirectoryNotEmptyException) {
        reason = "directory not empty";
      } else if (e instanceof java.nio.file.NotDirectoryException) {
        reason = "not a directory";
      } else {
        reason = fs.getReason() == null ? "cannot be used" : fs.getReason();
      }
      String file = fs.getFile() == null ? "" : fs.getFile();
      String other = fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile();
      return file + other + ": " + reason;
    }
    if (e instanceof java.io.EOFException) {
      return message == null || message.isBlank()
          ? "the input ends too early; it is truncated"
          : message;
    }
    if (message == null || message.isBlank()) {
      return "unexpected failure (" + e.getClass().getSimpleName() + ")";
    }
    return message;
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
