package org.baseimg.builder.internal.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.baseimg.fs.ImagePath;

/**
 * Resolves an image path to a host path inside the tree the way the image's own kernel would after
 * chroot: every symlink on the way is read and followed, absolute targets start again at the tree,
 * and {@code ..} stops at the tree's root. The result never leaves the tree, whether its parents
 * exist yet or not, so creating the missing ones cannot go through a link to the host.
 */
final class TreePaths {
  /** Linux gives up after 40 links in one lookup (ELOOP); so do we. */
  static final int MAX_LINKS = 40;

  private TreePaths() {}

  /**
   * @param tree the tree's real path (absolute, no symlinks in it)
   * @param followLast whether a symlink as the last name is followed (reads) or stays the thing
   *     named (writes and deletes replace the link itself)
   * @throws IOException if a name on the way is not a directory or the links loop
   */
  static Path resolve(Path tree, ImagePath path, boolean followLast) throws IOException {
    Deque<String> todo = new ArrayDeque<>();
    push(todo, path.archiveName());
    Path current = tree;
    int links = 0;
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        current = current.equals(tree) ? tree : current.getParent();
        continue;
      }
      Path next = current.resolve(name);
      boolean last = todo.stream().allMatch(rest -> rest.isEmpty() || rest.equals("."));
      if (Files.isSymbolicLink(next) && (!last || followLast)) {
        if (++links > MAX_LINKS) {
          throw new IOException(path + ": too many levels of symbolic links in the image");
        }
        String target = Files.readSymbolicLink(next).toString();
        if (target.startsWith("/")) {
          current = tree;
        }
        push(todo, target);
        continue;
      }
      if (!last
          && Files.exists(next, LinkOption.NOFOLLOW_LINKS)
          && !Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(path + ": " + tree.relativize(next) + " is not a directory");
      }
      current = next;
    }
    return current;
  }

  /** Puts the names of {@code relative} in front of what is still to resolve, in order. */
  private static void push(Deque<String> todo, String relative) {
    String[] names = relative.split("/", -1);
    for (int i = names.length - 1; i >= 0; i--) {
      todo.push(names[i]);
    }
  }
}
