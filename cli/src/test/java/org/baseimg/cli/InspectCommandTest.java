package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.baseimg.testing.DpkgImageTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
  @TempDir Path temp;

  private Path packed() throws Exception {
    Path tree = Files.createDirectories(temp.resolve("tree"));
    Files.createDirectories(tree.resolve("usr/bin"));
    Files.writeString(tree.resolve("usr/bin/tool"), "tool");
    Files.createSymbolicLink(tree.resolve("usr/bin/alias"), Path.of("tool"));
    return pack(tree, temp.resolve("out.cpio.zst"));
  }

  /** Packs {@code tree} with {@code baseimg pack}, zstd level 3. */
  static Path pack(Path tree, Path out) {
    CommandLineRun run =
        CommandLineRun.of(
            "pack",
            tree.toString(),
            "-o",
            out.toString(),
            "--level",
            "3",
            "--epoch",
            "1700000000",
            "--console",
            "plain");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return out;
  }

  @Test
  void inspect_nameWithControlCharacters_isEscapedAndCannotForgeALine() throws Exception {
    Path tree = Files.createDirectories(temp.resolve("evil"));
    Files.writeString(tree.resolve("x\n\u001b[31mstructure: sound\u0085"), "x");
    Path packed = pack(tree, temp.resolve("evil.cpio.zst"));

    CommandLineRun run = CommandLineRun.of("inspect", packed.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).doesNotContain("\u001b").doesNotContain("\u0085");
    assertThat(run.out().lines().filter(line -> line.startsWith("structure:"))).hasSize(1);
    assertThat(run.out()).contains("x\\n\\x1b[31mstructure: sound\\u0085");
  }

  @Test
  void inspect_listsEntriesAndSaysTheStructureIsSound() throws Exception {
    CommandLineRun run = CommandLineRun.of("inspect", packed().toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("segment 1 at 0: zstd")
        .contains("lrwxrwxrwx")
        .contains("usr/bin/alias -> tool")
        .contains("crw-------")
        .contains("dev/console")
        .contains("structure: sound");
  }

  @Test
  void inspect_json_holdsEveryEntry() throws Exception {
    CommandLineRun run = CommandLineRun.of("inspect", packed().toString(), "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("sound").asBoolean()).isTrue();
    assertThat(json.get("segments").get(0).get("compression").asText()).isEqualTo("zstd");
    JsonNode alias = null;
    for (JsonNode entry : json.get("entries")) {
      if (entry.get("name").asText().equals("usr/bin/alias")) {
        alias = entry;
      }
    }
    assertThat(alias).isNotNull();
    assertThat(alias.get("type").asText()).isEqualTo("symlink");
    assertThat(alias.get("linkTarget").asText()).isEqualTo("tool");
  }

  @Test
  void inspect_notAnInitramfs_isBadInputInOneLine() throws Exception {
    Path text = Files.writeString(temp.resolve("notes.txt"), "hello");
    CommandLineRun run = CommandLineRun.of("inspect", text.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("unknown data at offset 0");
  }

  @Test
  void inspect_byPackage_tablesPackagesBiggestFirstAndNoPackageApart() throws Exception {
    Path image =
        pack(DpkgImageTree.edge(temp.resolve("edge")), temp.resolve("edge-arm64.cpio.zst"));
    CommandLineRun run = CommandLineRun.of("inspect", image.toString(), "--by-package");
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).contains("edge-arm64.cpio.zst: ").contains("4 packages");
    assertThat(lines.get(1)).matches(" +BYTES +SHARE +FILES +PACKAGE +VERSION");
    // salt-minion's 21 bytes, libc6's 11 (its usr-merged /lib path found), then the smaller ones.
    assertThat(lines.get(2)).matches(" +21 B +\\d+\\.\\d% +2 +salt-minion +3006\\.4");
    assertThat(lines.get(3)).matches(" +11 B +\\d+\\.\\d% +1 +libc6:arm64 +2\\.36-9\\+deb12u4");
    assertThat(run.out())
        .containsPattern("\\n\\n +[\\d.]+ \\w+ +\\d+\\.\\d% +14 +\\(no package\\)\\n")
        .endsWith(" 100.0%      19  total\n");
  }

  @Test
  void inspect_byPackage_json_sharesAddUpToTheRegularFileBytes() throws Exception {
    Path image = pack(DpkgImageTree.edge(temp.resolve("edge")), temp.resolve("edge.cpio.zst"));
    CommandLineRun run = CommandLineRun.of("inspect", image.toString(), "--by-package", "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    long sum = json.get("noPackage").get("bytes").asLong();
    for (JsonNode share : json.get("packages")) {
      sum += share.get("bytes").asLong();
    }
    assertThat(sum).isEqualTo(json.get("regularFileBytes").asLong()).isPositive();
    assertThat(json.get("noPackagePaths").toString()).contains("/etc/salt/minion.d/baseimg.conf");
  }

  @Test
  void inspect_hazards_namesEachWithWhatToDo_andNoneForACleanImage() throws Exception {
    Path tree = DpkgImageTree.edge(temp.resolve("edge"));
    Path clean = pack(tree, temp.resolve("clean.cpio.zst"));
    Files.createDirectories(tree.resolve("var/lib/dpkg/info"));
    Files.writeString(
        tree.resolve("var/lib/dpkg/info/iputils-ping.postinst"),
        "#!/bin/sh\nif setcap cap_net_raw+ep /bin/ping; then chmod u-s /bin/ping; fi\n");
    Path risky = pack(tree, temp.resolve("risky.cpio.zst"));

    CommandLineRun none = CommandLineRun.of("inspect", clean.toString(), "--hazards");
    CommandLineRun one = CommandLineRun.of("inspect", risky.toString(), "--hazards");
    CommandLineRun json = CommandLineRun.of("inspect", risky.toString(), "--hazards", "--json");

    assertThat(none.exitCode()).as(none.err()).isZero();
    assertThat(none.out()).isEqualTo("no hazards found\n");
    assertThat(one.exitCode()).as(one.err()).isZero();
    assertThat(one.out().lines().toList()).hasSize(3).first().isEqualTo("hazards (1):");
    assertThat(one.out())
        .contains("  file-capabilities /bin/ping: iputils-ping's postinst")
        .contains("    what to do: ");
    assertThat(new ObjectMapper().readTree(json.out()).get("findings").get(0).get("kind").asText())
        .isEqualTo("file-capabilities");
  }

  @Test
  void inspect_byPackage_missingFile_isBadInputInOneLine() {
    CommandLineRun run =
        CommandLineRun.of("inspect", temp.resolve("absent.cpio").toString(), "--by-package");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("does not exist");
  }

  @Test
  void inspect_directory_isBadInputInOneLine() {
    CommandLineRun run = CommandLineRun.of("inspect", temp.toString(), "--by-package");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("is a directory");
  }
}
