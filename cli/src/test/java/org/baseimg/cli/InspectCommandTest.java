package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
  @TempDir Path temp;

  private Path packed() throws Exception {
    Path tree = Files.createDirectories(temp.resolve("tree"));
    Files.createDirectories(tree.resolve("usr/bin"));
    Files.writeString(tree.resolve("usr/bin/tool"), "tool");
    Files.createSymbolicLink(tree.resolve("usr/bin/alias"), Path.of("tool"));
    Path out = temp.resolve("out.cpio.zst");
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
}
