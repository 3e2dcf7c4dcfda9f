package org.baseimg.inspect.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.baseimg.fs.FileType;
import org.baseimg.fs.ImagePath;

/**
 * Which package owns each name of an image, by the image's own dpkg database: a package's {@code
 * info/*.list} names its paths as the package ships them, and the tree may hold them elsewhere.
 *
 * <ul>
 *   <li>usr-merge: a package lists {@code /bin/ls} while the archive has {@code usr/bin/ls} behind
 *       a {@code bin -> usr/bin} symlink, so every directory of a listed path is resolved through
 *       the archive's own symlinks (its last name is not: a package may ship a symlink).
 *   <li>A listed path that is a directory of the package (another of its paths lies below it) is
 *       shared by many packages and owns nothing; that way the {@code bin} symlink of a merged tree
 *       is credited to none of the packages that list {@code /bin}.
 *   <li>A path another package diverted ({@code dpkg-divert}) is that package's; the others' file
 *       lives where the diversion sends it.
 *   <li>A path two packages list (a Multi-Arch: same package of two architectures) goes to the
 *       first by name.
 * </ul>
 */
public final class Ownership {
  /** Symlinks followed while resolving one path before giving up, as Linux's MAXSYMLINKS. */
  private static final int MAX_SYMLINKS = 40;

  private Ownership() {}

  /** The owning package of each non-directory name that a package lists; others are absent. */
  public static Map<ImagePath, String> of(ImageScan scan) {
    Map<String, ImageScan.Diversion> diversions = new HashMap<>();
    for (ImageScan.Diversion diversion : scan.diversions()) {
      diversions.put(diversion.from(), diversion);
    }
    Map<ImagePath, String> owners = new HashMap<>();
    for (Map.Entry<String, List<String>> list : scan.lists().entrySet()) {
      String owner = list.getKey();
      String name = owner.contains(":") ? owner.substring(0, owner.indexOf(':')) : owner;
      Set<String> directories = directoriesOf(list.getValue());
      for (String listed : list.getValue()) {
        if (directories.contains(listed) || listed.equals("/.")) {
          continue;
        }
        ImageScan.Diversion diversion = diversions.get(listed);
        String actual = diversion != null && !name.equals(diversion.by()) ? diversion.to() : listed;
        ImagePath path = resolve(actual, scan);
        if (path == null) {
          continue;
        }
        ImageScan.Node node = scan.tree().get(path);
        if (node != null && node.type() != FileType.DIRECTORY) {
          owners.putIfAbsent(path, owner);
        }
      }
    }
    return owners;
  }

  /** Every proper ancestor of the paths. */
  private static Set<String> directoriesOf(List<String> paths) {
    Set<String> directories = new HashSet<>();
    for (String path : paths) {
      int slash = path.lastIndexOf('/');
      while (slash > 0 && directories.add(path.substring(0, slash))) {
        slash = path.lastIndexOf('/', slash - 1);
      }
    }
    return directories;
  }

  /**
   * Where {@code listed} is in the tree, its directories resolved through the tree's symlinks as
   * the kernel would; null when a symlink loop or too many symlinks stop it.
   */
  static ImagePath resolve(String listed, ImageScan scan) {
    Deque<String> remaining = new ArrayDeque<>(names(listed));
    List<String> current = new ArrayList<>();
    int symlinks = 0;
    while (!remaining.isEmpty()) {
      String name = remaining.removeFirst();
      if (name.equals("..")) {
        if (!current.isEmpty()) {
          current.remove(current.size() - 1);
        }
        continue;
      }
      current.add(name);
      if (remaining.isEmpty()) {
        break;
      }
      ImageScan.Node node = scan.tree().get(pathOf(current));
      if (node != null && node.type() == FileType.SYMLINK && node.entry().linkTarget() != null) {
        if (++symlinks > MAX_SYMLINKS) {
          return null;
        }
        current.remove(current.size() - 1);
        String target = node.entry().linkTarget();
        if (target.startsWith("/")) {
          current.clear();
        }
        List<String> targetNames = names(target);
        for (int i = targetNames.size() - 1; i >= 0; i--) {
          remaining.addFirst(targetNames.get(i));
        }
      }
    }
    return pathOf(current);
  }

  private static List<String> names(String path) {
    List<String> names = new ArrayList<>();
    for (String name : path.split("/")) {
      if (!name.isEmpty() && !name.equals(".")) {
        names.add(name);
      }
    }
    return names;
  }

  private static ImagePath pathOf(List<String> names) {
    return ImagePath.of("/" + String.join("/", names));
  }
}
