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

  @Override
  public Integer call() throws Exception {
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
      listing.problems().forEach(problem -> out.println("  " + problem));
    }
  }

  private static String entryLine(InitramfsListing.Entry entry) {
    FileType type = entry.mode().type();
    String size =
        type.isDevice() ? entry.rdevMajor() + "," + entry.rdevMinor() : Long.toString(entry.size());
    String name =
        entry.linkTarget() == null ? entry.name() : entry.name() + " -> " + entry.linkTarget();
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
