package org.baseimg.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.baseimg.kconfig.StockConfigs;
import org.baseimg.profiles.Profiles;
import org.baseimg.profiles.StockProfile;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Parameters;

/** {@code baseimg completion}: prints a shell completion script. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a completion script for bash or zsh: commands, options, and the stock profile and"
          + " kernel fragment names wherever a PROFILE or FRAGMENT goes. zsh runs the bash script"
          + " through its bashcompinit, which the script loads itself when zsh sources it.",
      ""
    },
    footer = {
      "%nExamples:",
      "  source <(baseimg completion bash)                 this shell",
      "  baseimg completion bash > /etc/bash_completion.d/baseimg",
      "  source <(baseimg completion zsh)                  in ~/.zshrc",
      ExitCode.HELP_SECTION
    })
final class CompletionCommand implements Callable<Integer> {
  /**
   * picocli's bash script already runs {@code compinit} (unless loaded) and {@code bashcompinit}
   * when zsh sources it, so zsh needs no more than a word on how to use it.
   */
  private static final String ZSH_HEADER =
      "# baseimg completion for zsh: source it from ~/.zshrc; under zsh the bash script below\n"
          + "# loads bashcompinit and registers its completion function with compdef.\n";

  @CommandLine.Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SHELL",
      description = "bash or zsh.",
      completionCandidates = Shells.class)
  String shell;

  /** The shells a script can be printed for. */
  static final class Shells extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Shells() {
      super(List.of("bash", "zsh"));
    }
  }

  @Override
  public Integer call() {
    String bash = AutoComplete.bash("baseimg", withStockCandidates(new CommandLine(new Main())));
    String script =
        switch (shell.toLowerCase(Locale.ROOT)) {
          case "bash" -> bash;
          case "zsh" -> ZSH_HEADER + bash;
          default ->
              throw new CommandLine.ParameterException(
                  spec.commandLine(), "unknown shell '" + shell + "'; use bash or zsh");
        };
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }

  /**
   * {@code commandLine} with the stock names as completion candidates of every argument labelled
   * PROFILE or FRAGMENT, in every command. Set here, by label, rather than on each command, so that
   * every such argument completes the same, a new command's included.
   */
  static CommandLine withStockCandidates(CommandLine commandLine) {
    List<String> profiles = Profiles.stock().stream().map(StockProfile::name).toList();
    List<String> fragments =
        StockConfigs.FRAGMENTS.values().stream().flatMap(List::stream).distinct().toList();
    addCandidates(commandLine.getCommandSpec(), profiles, fragments);
    return commandLine;
  }

  private static void addCandidates(
      CommandSpec command, List<String> profiles, List<String> fragments) {
    for (ArgSpec arg : List.copyOf(command.args())) {
      List<String> candidates =
          switch (arg.paramLabel()) {
            case "PROFILE" -> profiles;
            case "FRAGMENT" -> fragments;
            default -> null;
          };
      if (candidates == null) {
        continue;
      }
      // The model's arguments are immutable: replace the argument by a copy with candidates.
      command.remove(arg);
      if (arg instanceof OptionSpec option) {
        command.addOption(option.toBuilder().completionCandidates(candidates).build());
      } else {
        command.addPositional(
            ((PositionalParamSpec) arg).toBuilder().completionCandidates(candidates).build());
      }
    }
    for (CommandLine subcommand : command.subcommands().values()) {
      addCandidates(subcommand.getCommandSpec(), profiles, fragments);
    }
  }
}
