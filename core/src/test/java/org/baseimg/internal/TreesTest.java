package org.baseimg.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreesTest {
  @TempDir Path temp;

  @Test
  void delete_removesTheTreeButNotWhatItsSymlinksPointTo() throws Exception {
    Path outside = Files.writeString(temp.resolve("outside"), "keep");
    Path keptDirectory = Files.createDirectories(temp.resolve("kept/dir"));
    Files.writeString(keptDirectory.resolve("file"), "keep");
    Path tree = Files.createDirectories(temp.resolve("tree/a/b"));
    Files.writeString(tree.resolve("file"), "x");
    Files.createSymbolicLink(tree.resolve("to-file"), outside);
    Files.createSymbolicLink(tree.resolve("to-dir"), keptDirectory);
    Files.createSymbolicLink(tree.resolve("dangling"), temp.resolve("nothing"));
    tree.resolve("file").toFile().setReadOnly();

    Trees.delete(temp.resolve("tree"));

    assertThat(temp.resolve("tree")).doesNotExist();
    assertThat(outside).hasContent("keep");
    assertThat(keptDirectory.resolve("file")).hasContent("keep");
  }

  @Test
  void delete_ofNothing_doesNothing() throws Exception {
    Trees.delete(temp.resolve("absent"));

    assertThat(temp.resolve("absent")).doesNotExist();
  }
}
