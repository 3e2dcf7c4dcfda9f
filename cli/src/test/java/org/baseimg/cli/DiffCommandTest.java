package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.baseimg.testing.DpkgImageTree;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffCommandTest {
  @TempDir Path temp;

  private Path base;
  private Path edge;

  @BeforeEach
  void packBaseAndEdge() throws Exception {
    base =
        InspectCommandTest.pack(
            DpkgImageTree.base(temp.resolve("base")), temp.resolve("base-arm64.cpio.zst"));
    edge =
        InspectCommandTest.pack(
            DpkgImageTree.edge(temp.resolve("edge")), temp.resolve("edge-arm64.cpio.zst"));
  }

  @Test
  void diff_baseAndEdge_listsAddedPackagesAndMinionConfigAndExitsZero() {
    CommandLineRun run = CommandLineRun.of("diff", base.toString(), edge.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines())
        .contains(
            "packages: 2 added, 1 removed, 1 upgraded",
            "+ ca-certificates 20230311",
            "+ salt-minion 3006.4",
            "- procps 2:4.0.2-3",
            "~ libc6 2.36-9 -> 2.36-9+deb12u4 (upgraded)",
            "+ /etc/salt/minion  regular 0644 0:0 2 B",
            "+ /etc/salt/minion.d/baseimg.conf  regular 0644 0:0 21 B",
            "~ /etc/motd  mode 0644 -> 0600",
            "~ /usr/bin/editor  link target vi -> nano")
        .anyMatch(line -> line.matches("~ /etc/hostname  content 5 B \\w{12} -> 5 B \\w{12}"))
        .anyMatch(line -> line.matches("names +\\d+ +\\d+ +\\+\\d+"))
        .anyMatch(line -> line.matches("packages +3 +4 +\\+1"));
    assertThat(run.out()).startsWith(base + " -> " + edge + "\n");
  }

  @Test
  void diff_sameImage_saysNoDifferencesAndExitsZero() {
    CommandLineRun run = CommandLineRun.of("diff", base.toString(), base.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).endsWith("no differences in files or packages\n");
  }

  @Test
  void diff_markdown_tablesSizesPackagesAndFiles() {
    CommandLineRun run =
        CommandLineRun.of("diff", base.toString(), edge.toString(), "--format", "markdown");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith(
            "## `" + base + "` → `" + edge + "`\n\n| | A | B | change |\n|---|--:|--:|--:|\n")
        .contains("### Packages: 2 added, 1 removed, 1 upgraded\n")
        .contains("| added | `salt-minion` |  | `3006.4` |\n")
        .contains("| upgraded | `libc6` | `2.36-9` | `2.36-9+deb12u4` |\n")
        .contains("| added | `/etc/salt/minion` |  | regular 0644 0:0 2 B |\n")
        .contains("| mode | `/etc/motd` | regular 0644 0:0 8 B | regular 0600 0:0 8 B |\n");
  }

  @Test
  void diff_json_holdsTheDiffForScripts() throws Exception {
    CommandLineRun run =
        CommandLineRun.of("diff", base.toString(), edge.toString(), "--format", "JSON");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    List<String> added = new ArrayList<>();
    json.get("addedPackages").forEach(pkg -> added.add(pkg.get("name").asText()));
    assertThat(added).containsExactly("ca-certificates", "salt-minion");
    List<String> files = new ArrayList<>();
    json.get("addedFiles").forEach(file -> files.add(file.get("path").asText()));
    assertThat(files).contains("/etc/salt/minion", "/etc/salt/minion.d/baseimg.conf");
    assertThat(json.get("after").get("fileBytes").asLong()).isEqualTo(Files.size(edge));
  }

  @Test
  void diff_notAnInitramfs_isBadInputInOneLine() throws Exception {
    Path text = Files.writeString(temp.resolve("notes.txt"), "hello");
    CommandLineRun run = CommandLineRun.of("diff", base.toString(), text.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("unknown data at offset 0");
  }

  @Test
  void diff_missingFile_isBadInputInOneLine() {
    CommandLineRun run =
        CommandLineRun.of("diff", temp.resolve("absent.cpio").toString(), edge.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("does not exist");
  }

  @Test
  void diff_unknownFormat_isBadInputInOneLine() {
    CommandLineRun run =
        CommandLineRun.of("diff", base.toString(), edge.toString(), "--format", "html");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("--format");
  }

  @Test
  void diff_help_saysItExitsZeroWhetherOrNotTheImagesDiffer() {
    CommandLineRun run = CommandLineRun.of("diff", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().replaceAll("\\s+", " "))
        .contains("Exits 0 whether or not the images differ");
  }
}
