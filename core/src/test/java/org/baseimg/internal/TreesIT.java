package org.baseimg.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.baseimg.testing.NativeTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting never empties a mount below the tree. Needs root (mount). */
class TreesIT {
  @TempDir Path temp;

  @Test
  void delete_refusesToCrossIntoAMountAndLeavesItsFiles() throws Exception {
    Path mountPoint = Files.createDirectories(temp.resolve("tree/proc"));
    NativeTools.run(List.of("mount", "-t", "tmpfs", "tmpfs", mountPoint.toString()));
    try {
      Files.writeString(mountPoint.resolve("precious"), "x");

      assertThatThrownBy(() -> Trees.delete(temp.resolve("tree")))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("another file system");
      assertThat(mountPoint.resolve("precious")).exists();
    } finally {
      NativeTools.run(List.of("umount", mountPoint.toString()));
    }
  }
}
