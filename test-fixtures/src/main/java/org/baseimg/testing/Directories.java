package org.baseimg.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removes the temporary trees the fixtures make. */
final class Directories {
  private Directories() {}

  /**
   * Deletes {@code root} and everything under it, without following symlinks; a missing {@code
   * root} is fine. Files that vanish meanwhile (a gpg-agent removing its sockets as it exits) are
   * fine too.
   */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) {
      try {
        Files.delete(path);
      } catch (NoSuchFileException alreadyGone) {
        // Deleted by its owner between the walk and here.
      }
    }
  }
}
