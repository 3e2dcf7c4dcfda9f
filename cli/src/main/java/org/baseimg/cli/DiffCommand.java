package org.baseimg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.baseimg.inspect.ImageDiff;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baseimg diff}: what changed from one initramfs to another. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Compares two initramfs artifacts as the kernel unpacks them: files added, removed and"
          + " changed (content by SHA-256, type, permission bits, owner, symlink target, device"
          + " number; mtimes are not compared), the packages of each image's own dpkg status"
          + " added, removed, upgraded and downgraded, and the sizes: the file, the uncompressed"
          + " cpio, the regular files' content.",
      "",
      "Exits 0 whether or not the images differ (as 'git diff' does without --exit-code);"
          + " exits 2 when A or B is missing or not an initramfs.",
      ""
    },
    footer = {
      "%nExamples:",
      "  baseimg diff base-arm64.cpio.zst edge-arm64.cpio.zst",
      "  baseimg diff old.cpio.zst new.cpio.zst --format markdown >> review.md",
      ExitCode.HELP_SECTION
    })
final class DiffCommand implements Callable<Integer> {
  /** How the diff is printed. */
  enum Format {
    TEXT,
    MARKDOWN,
    JSON
  }

  /** The formats as people type them, for shell completion. */
  static final class FormatNames extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    FormatNames() {
      super(List.of("text", "markdown", "json"));
    }
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "A", description = "The first initramfs.")
  Path first;

  @Parameters(index = "1", paramLabel = "B", description = "The second initramfs.")
  Path second;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      completionCandidates = FormatNames.class,
      description = "text (default), markdown (for review comments) or json (for scripts).")
  Format format;

  @Override
  public Integer call() throws Exception {
    ImageDiff diff = ImageDiff.between(first, second);
    PrintWriter out = spec.commandLine().getOut();
    out.print(
        switch (format) {
          case TEXT -> ImageDiffRenderer.text(diff);
          case MARKDOWN -> ImageDiffRenderer.markdown(diff);
          case JSON -> diff.toJson();
        });
    out.flush();
    return ExitCode.OK;
  }
}
