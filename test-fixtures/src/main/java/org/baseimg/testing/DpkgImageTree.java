package org.baseimg.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A small image tree with a dpkg database of its own, written as dpkg would leave it: each
 * package's files, {@code /var/lib/dpkg/status} stanzas and an {@code info/NAME.list} that names
 * every path as the package ships it ({@code /.}, then each directory and file), so that an
 * inspection can credit files to packages without a real Debian tree.
 *
 * <pre>{@code
 * DpkgImageTree.builder()
 *     .usrMerged()
 *     .install("coreutils", "9.1-1", Map.of("/bin/ls", "ls binary"))
 *     .file("/etc/hostname", "edge\n")
 *     .build(root);
 * }</pre>
 */
public final class DpkgImageTree {
  private DpkgImageTree() {}

  /** A new, empty tree. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A base image in little, usr-merged: libc6 (Multi-Arch: same), coreutils and procps, a hostname,
   * a motd and an {@code editor -> vi} symlink.
   */
  public static Path base(Path root) throws IOException {
    return baseOrEdge(root, false);
  }

  /**
   * {@link #base}'s edge image, as the stock edge profile changes it: ca-certificates and
   * salt-minion added (with {@code /etc/salt/minion}, and an overlay's {@code
   * /etc/salt/minion.d/baseimg.conf}), procps removed, libc6 upgraded, the hostname's content, the
   * motd's mode (0600) and the editor symlink's target ({@code nano}) changed.
   */
  public static Path edge(Path root) throws IOException {
    return baseOrEdge(root, true);
  }

  private static Path baseOrEdge(Path root, boolean edge) throws IOException {
    Builder builder =
        builder()
            .usrMerged()
            .installMultiArchSame(
                "libc6",
                edge ? "2.36-9+deb12u4" : "2.36-9",
                Map.of("/lib/aarch64-linux-gnu/libc.so.6", edge ? "libc, fixed" : "libc"))
            .install("coreutils", "9.1-1", Map.of("/bin/ls", "ls"))
            .file("/etc/hostname", edge ? "edge\n" : "base\n")
            .file("/etc/motd", "welcome\n");
    if (edge) {
      builder
          .install(
              "ca-certificates",
              "20230311",
              "all",
              Map.of("/usr/share/ca-certificates/mozilla/Root.crt", "cert"))
          .install(
              "salt-minion",
              "3006.4",
              "all",
              Map.of("/usr/bin/salt-minion", "#!/usr/bin/python3\n", "/etc/salt/minion", "#\n"))
          .file("/etc/salt/minion.d/baseimg.conf", "master: salt.example\n");
    } else {
      builder.install("procps", "2:4.0.2-3", Map.of("/bin/ps", "ps"));
    }
    Path tree = builder.build(root);
    Files.setPosixFilePermissions(
        tree.resolve("etc/motd"),
        PosixFilePermissions.fromString(edge ? "rw-------" : "rw-r--r--"));
    Files.createSymbolicLink(tree.resolve("usr/bin/editor"), Path.of(edge ? "nano" : "vi"));
    return tree;
  }

  /** Collects packages and loose files; {@link #build} writes them. */
  public static final class Builder {
    private record Package(
        String name,
        String version,
        String architecture,
        boolean multiArchSame,
        Map<String, String> files) {}

    private boolean usrMerged;
    private final List<Package> packages = new ArrayList<>();
    private final Map<String, String> files = new LinkedHashMap<>();

    private Builder() {}

    /** {@code /bin}, {@code /sbin} and {@code /lib} as symlinks into {@code /usr}, as bookworm. */
    public Builder usrMerged() {
      usrMerged = true;
      return this;
    }

    /**
     * An installed package for arm64.
     *
     * @param files content by path as the package ships it, e.g. {@code /bin/ls}
     */
    public Builder install(String name, String version, Map<String, String> files) {
      return install(name, version, "arm64", files);
    }

    /** An installed package of any architecture; {@code all} for architecture-independent ones. */
    public Builder install(
        String name, String version, String architecture, Map<String, String> files) {
      packages.add(new Package(name, version, architecture, false, new LinkedHashMap<>(files)));
      return this;
    }

    /**
     * An installed arm64 package marked {@code Multi-Arch: same}, whose list dpkg names {@code
     * NAME:arm64.list}, as libc6's.
     */
    public Builder installMultiArchSame(String name, String version, Map<String, String> files) {
      packages.add(new Package(name, version, "arm64", true, new LinkedHashMap<>(files)));
      return this;
    }

    /** A file that belongs to no package, e.g. an overlay's or {@code /init}. */
    public Builder file(String path, String content) {
      files.put(path, content);
      return this;
    }

    /** Writes the tree into {@code root}, which must be empty or missing. */
    public Path build(Path root) throws IOException {
      Files.createDirectories(root);
      if (usrMerged) {
        for (String merged : List.of("bin", "sbin", "lib")) {
          Files.createDirectories(root.resolve("usr").resolve(merged));
          Files.createSymbolicLink(root.resolve(merged), Path.of("usr", merged));
        }
      }
      Path info = Files.createDirectories(root.resolve("var/lib/dpkg/info"));
      StringBuilder status = new StringBuilder();
      for (Package pkg : packages) {
        TreeSet<String> listed = new TreeSet<>();
        for (Map.Entry<String, String> file : pkg.files().entrySet()) {
          // Written through the tree's own symlinks, as dpkg unpacks into a merged tree.
          write(root, file.getKey(), file.getValue());
          for (String path = file.getKey();
              path.lastIndexOf('/') > 0;
              path = path.substring(0, path.lastIndexOf('/'))) {
            listed.add(path);
          }
        }
        List<String> lines = new ArrayList<>();
        lines.add("/.");
        lines.addAll(listed);
        String listName = pkg.multiArchSame() ? pkg.name() + ":" + pkg.architecture() : pkg.name();
        Files.writeString(
            info.resolve(listName + ".list"),
            String.join("\n", lines) + "\n",
            StandardCharsets.UTF_8);
        status
            .append("Package: ")
            .append(pkg.name())
            .append("\nStatus: install ok installed\nPriority: optional\nArchitecture: ")
            .append(pkg.architecture())
            .append(pkg.multiArchSame() ? "\nMulti-Arch: same" : "")
            .append("\nVersion: ")
            .append(pkg.version())
            .append("\nDescription: ")
            .append(pkg.name())
            .append(" for tests\n\n");
      }
      Files.writeString(root.resolve("var/lib/dpkg/status"), status, StandardCharsets.UTF_8);
      for (Map.Entry<String, String> file : files.entrySet()) {
        write(root, file.getKey(), file.getValue());
      }
      return root;
    }

    private static void write(Path root, String path, String content) throws IOException {
      Path target = root.resolve(path.substring(1));
      Files.createDirectories(target.getParent());
      Files.writeString(target, content, StandardCharsets.UTF_8);
    }
  }
}
