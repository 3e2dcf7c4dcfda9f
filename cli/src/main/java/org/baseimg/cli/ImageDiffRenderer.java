package org.baseimg.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import org.baseimg.inspect.ImageDiff;
import org.baseimg.inspect.ImageDiff.FileChange;
import org.baseimg.inspect.ImageDiff.FileState;
import org.baseimg.inspect.ImageDiff.Package;
import org.baseimg.inspect.ImageDiff.PackageChange;

/** Prints an {@link ImageDiff} as text for a terminal or as Markdown for a review. */
final class ImageDiffRenderer {
  /** One row of the size table: its label, and the number of each side. */
  private record Size(String label, ToLongFunction<ImageDiff.Image> value, boolean inBytes) {}

  private static final List<Size> SIZES =
      List.of(
          new Size("file", ImageDiff.Image::fileBytes, true),
          new Size("uncompressed", ImageDiff.Image::uncompressedBytes, true),
          new Size("regular files", ImageDiff.Image::regularFileBytes, true),
          new Size("names", ImageDiff.Image::names, false),
          new Size("packages", ImageDiff.Image::packages, false));

  private ImageDiffRenderer() {}

  static String text(ImageDiff diff) {
    StringBuilder out = new StringBuilder();
    out.append(diff.before().file()).append(" -> ").append(diff.after().file()).append('\n');
    out.append(String.format(Locale.ROOT, "%-14s %12s %12s %12s%n", "", "A", "B", "change"));
    for (Size size : SIZES) {
      long before = size.value().applyAsLong(diff.before());
      long after = size.value().applyAsLong(diff.after());
      out.append(
          String.format(
              Locale.ROOT,
              "%-14s %12s %12s %12s%n",
              size.label(),
              amount(before, size.inBytes()),
              amount(after, size.inBytes()),
              delta(after - before, size.inBytes())));
    }
    if (diff.isEmpty()) {
      out.append("no differences in files or packages\n");
      return out.toString();
    }
    out.append('\n').append("packages: ").append(packageCounts(diff)).append('\n');
    for (Package added : diff.addedPackages()) {
      out.append("+ ").append(added.name()).append(' ').append(added.version()).append('\n');
    }
    for (Package removed : diff.removedPackages()) {
      out.append("- ").append(removed.name()).append(' ').append(removed.version()).append('\n');
    }
    for (PackageChange change : diff.upgradedPackages()) {
      out.append(packageChangeLine(change, "upgraded"));
    }
    for (PackageChange change : diff.downgradedPackages()) {
      out.append(packageChangeLine(change, "downgraded"));
    }
    out.append('\n').append("files: ").append(fileCounts(diff)).append('\n');
    for (FileState added : diff.addedFiles()) {
      out.append("+ ").append(added.path()).append("  ").append(describe(added)).append('\n');
    }
    for (FileState removed : diff.removedFiles()) {
      out.append("- ").append(removed.path()).append("  ").append(describe(removed)).append('\n');
    }
    for (FileChange change : diff.changedFiles()) {
      out.append("~ ")
          .append(change.path())
          .append("  ")
          .append(String.join("; ", details(change)))
          .append('\n');
    }
    return out.toString();
  }

  static String markdown(ImageDiff diff) {
    StringBuilder out = new StringBuilder();
    out.append("## `")
        .append(diff.before().file())
        .append("` → `")
        .append(diff.after().file())
        .append("`\n\n");
    out.append("| | A | B | change |\n|---|--:|--:|--:|\n");
    for (Size size : SIZES) {
      long before = size.value().applyAsLong(diff.before());
      long after = size.value().applyAsLong(diff.after());
      out.append("| ")
          .append(size.label())
          .append(" | ")
          .append(amount(before, size.inBytes()))
          .append(" | ")
          .append(amount(after, size.inBytes()))
          .append(" | ")
          .append(delta(after - before, size.inBytes()))
          .append(" |\n");
    }
    if (diff.isEmpty()) {
      out.append("\nNo differences in files or packages.\n");
      return out.toString();
    }
    out.append("\n### Packages: ").append(packageCounts(diff)).append("\n\n");
    out.append("| change | package | A | B |\n|---|---|---|---|\n");
    for (Package added : diff.addedPackages()) {
      out.append(row("added", code(added.name()), "", code(added.version())));
    }
    for (Package removed : diff.removedPackages()) {
      out.append(row("removed", code(removed.name()), code(removed.version()), ""));
    }
    for (PackageChange change : diff.upgradedPackages()) {
      out.append(row("upgraded", code(change.name()), code(change.before()), code(change.after())));
    }
    for (PackageChange change : diff.downgradedPackages()) {
      out.append(
          row("downgraded", code(change.name()), code(change.before()), code(change.after())));
    }
    out.append("\n### Files: ").append(fileCounts(diff)).append("\n\n");
    out.append("| change | path | A | B |\n|---|---|---|---|\n");
    for (FileState added : diff.addedFiles()) {
      out.append(row("added", code(added.path()), "", cell(describe(added))));
    }
    for (FileState removed : diff.removedFiles()) {
      out.append(row("removed", code(removed.path()), cell(describe(removed)), ""));
    }
    for (FileChange change : diff.changedFiles()) {
      out.append(
          row(
              String.join(", ", change.changes()),
              code(change.path()),
              cell(describe(change.before())),
              cell(describe(change.after()))));
    }
    return out.toString();
  }

  private static String packageCounts(ImageDiff diff) {
    return counts(
        diff.addedPackages().size() + " added",
        diff.removedPackages().size() + " removed",
        diff.upgradedPackages().size() + " upgraded",
        diff.downgradedPackages().size() + " downgraded");
  }

  private static String fileCounts(ImageDiff diff) {
    return counts(
        diff.addedFiles().size() + " added",
        diff.removedFiles().size() + " removed",
        diff.changedFiles().size() + " changed");
  }

  /** The counts that are not zero, or "none". */
  private static String counts(String... counts) {
    List<String> nonZero = new ArrayList<>();
    for (String count : counts) {
      if (!count.startsWith("0 ")) {
        nonZero.add(count);
      }
    }
    return nonZero.isEmpty() ? "none" : String.join(", ", nonZero);
  }

  private static String packageChangeLine(PackageChange change, String kind) {
    return "~ "
        + change.name()
        + ' '
        + change.before()
        + " -> "
        + change.after()
        + " ("
        + kind
        + ")\n";
  }

  /** A name as one side holds it: {@code regular 0644 0:0 2 B}, {@code symlink -> vi}. */
  static String describe(FileState state) {
    StringBuilder text =
        new StringBuilder(state.type())
            .append(' ')
            .append(state.mode())
            .append(' ')
            .append(state.uid())
            .append(':')
            .append(state.gid());
    if (state.type().equals("regular")) {
      text.append(' ').append(ConsoleRenderer.bytes(state.size()));
    }
    if (state.linkTarget() != null) {
      text.append(" -> ").append(state.linkTarget());
    }
    if (state.device() != null) {
      text.append(" device ").append(state.device());
    }
    return text.toString();
  }

  /** Each change of a name, before and after: {@code mode 0644 -> 0600}. */
  private static List<String> details(FileChange change) {
    FileState a = change.before();
    FileState b = change.after();
    List<String> details = new ArrayList<>();
    for (String what : change.changes()) {
      details.add(
          switch (what) {
            case "type" -> "type " + describe(a) + " -> " + describe(b);
            case "content" ->
                "content "
                    + ConsoleRenderer.bytes(a.size())
                    + " "
                    + shortHash(a)
                    + " -> "
                    + ConsoleRenderer.bytes(b.size())
                    + " "
                    + shortHash(b);
            case "mode" -> "mode " + a.mode() + " -> " + b.mode();
            case "owner" -> "owner " + a.uid() + ":" + a.gid() + " -> " + b.uid() + ":" + b.gid();
            case "link target" -> "link target " + a.linkTarget() + " -> " + b.linkTarget();
            case "device" -> "device " + a.device() + " -> " + b.device();
            default -> what;
          });
    }
    return details;
  }

  private static String shortHash(FileState state) {
    return state.sha256() == null ? "" : state.sha256().substring(0, 12);
  }

  private static String amount(long value, boolean inBytes) {
    return inBytes ? ConsoleRenderer.bytes(value) : Long.toString(value);
  }

  private static String delta(long change, boolean inBytes) {
    if (change == 0) {
      return "0";
    }
    return (change > 0 ? "+" : "-") + amount(Math.abs(change), inBytes);
  }

  private static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  private static String code(String text) {
    return "`" + text.replace("`", "'") + "`";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
