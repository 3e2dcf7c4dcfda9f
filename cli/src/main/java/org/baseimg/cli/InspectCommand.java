package org.baseimg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.baseimg.fs.FileType;
import org.baseimg.initramfs.InitramfsListing;
import org.baseimg.initramfs.InitramfsReader;
import org.baseimg.inspect.Hazards;
import org.baseimg.inspect.PackageUsage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baseimg inspect}: lists an initramfs and checks its structure. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Lists an initramfs, segment by segment and entry by entry, and checks its structure as"
          + " the kernel would read it: compression told apart by magic bytes, concatenated"
          + " plain and compressed archives, 4-byte alignment and padding, trailers, duplicate"
          + " names, directories before their contents, hard-link groups.",
      "",
      "With --by-package, credits every file and its bytes to the dpkg package that owns it"
          + " instead, by the image's own database (/var/lib/dpkg/status and info/*.list, read"
          + " from the archive): biggest first, and what no package lists (the profile's files,"
          + " /init, dpkg's own database, files maintainer scripts made) apart as (no package)."
          + " Paths a package lists under /bin, /sbin or /lib are found through the archive's own"
          + " symlinks (usr-merge). Directories count for no package; hard links count once.",
      "",
      "With --hazards, lists what bites images moving to arm64: libraries in /usr/local/lib"
          + " that the multiarch directory hides on arm64 only (ld.so.conf.d is read in name"
          + " order, aarch64-linux-gnu.conf before libc.conf), programs that maintainer scripts"
          + " give file capabilities (lost in a newc initramfs; glibc ignores LD_* where they"
          + " hold), and Go programs (which crash at random under QEMU user emulation); each"
          + " with what to do. Builds record the same list in the manifest.",
      "",
      "Exits 2 when the structure has problems, after listing them.",
      ""
    },
    footer = ExitCode.HELP_SECTION)
final class InspectCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The initramfs to read.")
  Path file;

  @Option(names = "--json", description = "Print the listing as JSON.")
  boolean json;

  @Option(names = "--summary", description = "Show segments and problems, not every entry.")
  boolean summary;

  @Option(
      names = "--by-package",
      description = "Show each package's files and bytes, by the image's own dpkg database.")
  boolean byPackage;

  @Option(
      names = "--hazards",
      description = "Show what bites images moving to arm64, and what to do about each.")
  boolean hazards;

  @Override
  public Integer call() throws Exception {
    if (hazards) {
      return printHazards(Hazards.of(file));
    }
    if (byPackage) {
      return printUsage(PackageUsage.of(file));
    }
    InitramfsListing listing = InitramfsReader.read(file);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      out.println(mapper.writeValueAsString(toJson(listing)));
    } else {
      printText(listing, out);
    }
    out.flush();
    return listing.isSound() ? ExitCode.OK : ExitCode.BAD_INPUT;
  }

  private int printHazards(Hazards found) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.print(found.toJson());
    } else {
      printHazardsText(found.findings(), out);
    }
    out.flush();
    return ExitCode.OK;
  }

  /** The findings as the build's report shows them too; "no hazards" when there are none. */
  static void printHazardsText(List<Hazards.Hazard> findings, PrintWriter out) {
    if (findings.isEmpty()) {
      out.println("no hazards found");
      return;
    }
    out.println("hazards (" + findings.size() + "):");
    for (Hazards.Hazard hazard : findings) {
      out.println(
          "  "
              + hazard.kind().name().toLowerCase(Locale.ROOT).replace('_', '-')
              + " "
              + hazard.path()
              + ": "
              + hazard.finding());
      out.println("    what to do: " + hazard.advice());
    }
  }

  private int printUsage(PackageUsage usage) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.print(usage.toJson());
    } else {
      printUsageText(usage, out);
    }
    out.flush();
    return usage.problems().isEmpty() ? ExitCode.OK : ExitCode.BAD_INPUT;
  }

  private void printUsageText(PackageUsage usage, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%s: %s, %d files, %s in regular files, %d packages%n",
        file,
        ConsoleRenderer.bytes(usage.fileBytes()),
        usage.files(),
        ConsoleRenderer.bytes(usage.regularFileBytes()),
        usage.packages().size());
    int nameWidth = PackageUsage.NO_PACKAGE.length();
    for (PackageUsage.Share share : usage.packages()) {
      nameWidth = Math.max(nameWidth, share.name().length());
    }
    String row = "%10s %6s %7s  %-" + nameWidth + "s  %s";
    out.println(String.format(Locale.ROOT, row, "BYTES", "SHARE", "FILES", "PACKAGE", "VERSION"));
    for (PackageUsage.Share share : usage.packages()) {
      printShare(out, row, share, usage.regularFileBytes());
    }
    out.println();
    printShare(out, row, usage.noPackage(), usage.regularFileBytes());
    out.println(
        String.format(
                Locale.ROOT,
                row,
                ConsoleRenderer.bytes(usage.regularFileBytes()),
                "100.0%",
                usage.files(),
                "total",
                "")
            .stripTrailing());
    if (!usage.problems().isEmpty()) {
      out.println("structure: " + usage.problems().size() + " problem(s)");
      usage.problems().forEach(problem -> out.println("  " + Escapes.escape(problem)));
    }
  }

  private static void printShare(
      PrintWriter out, String row, PackageUsage.Share share, long total) {
    out.println(
        String.format(
                Locale.ROOT,
                row,
                ConsoleRenderer.bytes(share.bytes()),
                String.format(
                    Locale.ROOT, "%.1f%%", total == 0 ? 0.0 : 100.0 * share.bytes() / total),
                share.files(),
                Escapes.escape(share.name()),
                Escapes.escape(share.version()))
            .stripTrailing());
  }

  private void printText(InitramfsListing listing, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%s: %s, %d segment%s, %d entries, %s uncompressed%n",
        file,
        ConsoleRenderer.bytes(listing.fileBytes()),
        listing.segments().size(),
        listing.segments().size() == 1 ? "" : "s",
        listing.entries().size(),
        ConsoleRenderer.bytes(listing.uncompressedBytes()));
    for (InitramfsListing.Segment segment : listing.segments()) {
      out.printf(
          Locale.ROOT,
          "  segment %d at %d: %s, %s -> %s, %d entries%s%n",
          segment.index(),
          segment.offset(),
          segment.compression(),
          ConsoleRenderer.bytes(segment.storedBytes()),
          ConsoleRenderer.bytes(segment.uncompressedBytes()),
          segment.entries(),
          segment.trailers() == 0 ? "" : ", trailer");
    }
    if (!summary) {
      for (InitramfsListing.Entry entry : listing.entries()) {
        out.println(entryLine(entry));
      }
    }
    if (listing.isSound()) {
      out.println("structure: sound");
    } else {
      out.println("structure: " + listing.problems().size() + " problem(s)");
      listing.problems().forEach(problem -> out.println("  " + Escapes.escape(problem)));
    }
  }

  private static String entryLine(InitramfsListing.Entry entry) {
    FileType type = entry.mode().type();
    String size =
        type.isDevice() ? entry.rdevMajor() + "," + entry.rdevMinor() : Long.toString(entry.size());
    String name =
        entry.linkTarget() == null
            ? Escapes.escape(entry.name())
            : Escapes.escape(entry.name()) + " -> " + Escapes.escape(entry.linkTarget());
    return String.format(
        Locale.ROOT,
        "%s %5d/%-5d %10s %s ino %-6d %s%s",
        entry.mode(),
        entry.uid(),
        entry.gid(),
        size,
        TIME.format(Instant.ofEpochSecond(entry.mtime())),
        entry.inode(),
        entry.nlink() > 1 && type == FileType.REGULAR ? "links " + entry.nlink() + " " : "",
        name);
  }

  private static Map<String, Object> toJson(InitramfsListing listing) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("fileBytes", listing.fileBytes());
    root.put("uncompressedBytes", listing.uncompressedBytes());
    root.put("sound", listing.isSound());
    root.put("problems", listing.problems());
    root.put("segments", listing.segments());
    List<Map<String, Object>> entries = new ArrayList<>();
    for (InitramfsListing.Entry entry : listing.entries()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("name", entry.name());
      json.put("type", entry.mode().type().name().toLowerCase(Locale.ROOT));
      json.put("mode", String.format(Locale.ROOT, "%04o", entry.mode().permissions()));
      json.put("uid", entry.uid());
      json.put("gid", entry.gid());
      json.put("nlink", entry.nlink());
      json.put("mtime", entry.mtime());
      json.put("size", entry.size());
      json.put("inode", entry.inode());
      if (entry.linkTarget() != null) {
        json.put("linkTarget", entry.linkTarget());
      }
      if (entry.mode().type().isDevice()) {
        json.put("rdevMajor", entry.rdevMajor());
        json.put("rdevMinor", entry.rdevMinor());
      }
      json.put("segment", entry.segment());
      entries.add(json);
    }
    root.put("entries", entries);
    return root;
  }
}
