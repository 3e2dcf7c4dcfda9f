package org.baseimg.initramfs;

import java.nio.file.Path;

/** Which program the kernel runs as {@code /init}, PID 1 of the RAM root file system. */
public sealed interface InitProgram {

  /** Keep the tree's own {@code /init}; add the built-in one when the tree has none. */
  static InitProgram treeOrBuiltin() {
    return TreeOrBuiltin.INSTANCE;
  }

  /** Always the built-in one, replacing any {@code /init} in the tree. */
  static InitProgram builtin() {
    return Builtin.INSTANCE;
  }

  /** This host file, replacing any {@code /init} in the tree. */
  static InitProgram file(Path file) {
    return new FromFile(file);
  }

  /** See {@link #treeOrBuiltin()}. */
  enum TreeOrBuiltin implements InitProgram {
    INSTANCE
  }

  /**
   * The built-in minimal init: mounts proc, sys and devtmpfs, prints {@link #BOOT_MARKER} with the
   * machine's architecture, then execs {@code /sbin/init} when present, else a shell. An image
   * without {@code /sbin/init} first gets the scripts in {@code /etc/baseimg/boot.d} run in name
   * order (a build puts one there to start an enabled agent), before the marker.
   */
  enum Builtin implements InitProgram {
    INSTANCE
  }

  /**
   * A script or program from the host.
   *
   * @param file the host file; installed as {@code /init} with mode 0755, owned by root
   */
  record FromFile(Path file) implements InitProgram {
    public FromFile {
      if (file == null) {
        throw new IllegalArgumentException("init file is null");
      }
    }
  }

  /**
   * What the built-in init prints on the console once userspace runs, followed by {@code
   * arch=<uname -m>}. Boot tests wait for it.
   */
  String BOOT_MARKER = "baseimg-init: userspace is up";
}
