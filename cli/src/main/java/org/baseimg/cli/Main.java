package org.baseimg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import org.baseimg.BadInputException;
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
      CommandLine.HelpCommand.class
    },
    footer = ExitCode.HELP_SECTION)
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
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
    if (e instanceof BadInputException) {
      err.println("baseimg: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    if (e instanceof CommandLine.ParameterException parameterException) {
      return onBadParameters(parameterException, new String[0]);
    }
    err.println("baseimg: error: " + describe(e));
    if (System.getenv("BASEIMG_DEBUG") != null) {
      e.printStackTrace(err);
    } else {
      err.println("baseimg: set BASEIMG_DEBUG=1 to see where it failed");
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

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return new String[] {
        "baseimg " + properties.getProperty("version", "unknown"),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.name")
            + ")"
      };
    }
  }
}
