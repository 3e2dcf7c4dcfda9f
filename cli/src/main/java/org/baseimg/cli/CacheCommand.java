package org.baseimg.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.builder.BuildCache;
import org.baseimg.image.ImageSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code baseimg cache list|prune}: what builds keep, and removing what is no longer used. */
@Command(
    name = "cache",
    mixinStandardHelpOptions = true,
    description = {
      "Lists and prunes what builds keep in their cache directory: bootstrapped trees (a new one"
          + " for each point release, mirror or debootstrap), trees after apt (a new one for each"
          + " package set or repository state), downloaded .debs, and what killed builds left."
          + " Builds add trees and never remove them. Docker builds keep their trees as images"
          + " on the engine instead (baseimg/tree:*; remove them with docker rmi).",
    },
    subcommands = {CacheCommand.ListCommand.class, CacheCommand.PruneCommand.class},
    footer = ExitCode.HELP_SECTION)
final class CacheCommand implements Runnable {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The shared {@code --cache} option. */
  static final class CacheOption {
    @Option(
        names = "--cache",
        paramLabel = "DIR",
        description =
            "The cache directory: a profile's build.cache, or build's --cache (default "
                + ImageSpec.BuildSpec.DEFAULT_CACHE_DIRECTORY
                + ").",
        defaultValue = ImageSpec.BuildSpec.DEFAULT_CACHE_DIRECTORY)
    Path directory;

    BuildCache open() throws BadInputException {
      if (!Files.isDirectory(directory)) {
        throw new BadInputException(
            "no cache at "
                + directory
                + (Files.exists(directory) ? " (not a directory)" : "")
                + "; give the directory builds use: --cache DIR, as for baseimg build");
      }
      return BuildCache.at(directory);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Lists each entry with its kind, size and when a build last used it (UTC). Kinds:"
              + " base tree, tree after apt, .debs, apt archives, running build (a work directory"
              + " or a tree being kept while a build runs), leftover (of a killed build; prune"
              + " removes it) and other (kept by kconfig or boot-test; prune leaves it).",
      footer = ExitCode.HELP_SECTION)
  static final class ListCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin CacheOption cache = new CacheOption();

    @Override
    public Integer call() throws BaseimgException {
      BuildCache buildCache = cache.open();
      List<BuildCache.Entry> entries = buildCache.entries();
      PrintWriter out = spec.commandLine().getOut();
      long total = entries.stream().mapToLong(BuildCache.Entry::bytes).sum();
      out.printf(
          Locale.ROOT,
          "%s: %s, %s%n",
          buildCache.root(),
          entries(entries.size()),
          ConsoleRenderer.bytes(total));
      for (BuildCache.Entry entry : entries) {
        out.println(line(entry));
      }
      return ExitCode.OK;
    }
  }

  @Command(
      name = "prune",
      mixinStandardHelpOptions = true,
      description = {
        "Removes what killed builds left, and all kept trees but the --keep most recently used"
            + " ones of each suite, architecture and kind. Downloaded .debs and apt's archives"
            + " stay (they only save downloads; delete DIR/debs and DIR/apt by hand to drop"
            + " them). Refuses, and removes nothing, while a build uses the cache; builds that"
            + " start while it runs wait for it.",
      },
      footer = ExitCode.HELP_SECTION)
  static final class PruneCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin CacheOption cache = new CacheOption();
    @Mixin ConsoleOptions console = new ConsoleOptions();

    @Option(
        names = "--keep",
        paramLabel = "N",
        description =
            "Kept trees to leave per suite, architecture and kind (default 2); 0 removes them"
                + " all.",
        defaultValue = "2")
    int keep;

    @Option(names = "--dry-run", description = "Only say what would be removed.")
    boolean dryRun;

    @Override
    public Integer call() throws BaseimgException, InterruptedException {
      if (keep < 0) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--keep must be 0 or more, not " + keep);
      }
      EventRenderer renderer = console.renderer(spec.commandLine().getErr());
      BuildCache buildCache = cache.open();
      BuildCache.Pruned pruned = buildCache.prune(keep, dryRun, renderer);
      renderer.clearStatus();
      PrintWriter out = spec.commandLine().getOut();
      String verb = dryRun ? "would remove " : "removed ";
      for (BuildCache.Entry entry : pruned.removed()) {
        out.println(verb + line(entry));
      }
      out.printf(
          Locale.ROOT,
          "%s: %s%s (%s), kept %d%n",
          buildCache.root(),
          verb,
          entries(pruned.removed().size()),
          ConsoleRenderer.bytes(pruned.bytesFreed()),
          pruned.kept().size());
      return ExitCode.OK;
    }
  }

  private static String entries(int count) {
    return count + (count == 1 ? " entry" : " entries");
  }

  private static String line(BuildCache.Entry entry) {
    return String.format(
        Locale.ROOT,
        "%-15s %10s  %s  %s",
        entry.kind().label(),
        ConsoleRenderer.bytes(entry.bytes()),
        WHEN.format(entry.lastUsed()),
        entry.name());
  }
}
