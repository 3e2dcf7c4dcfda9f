package org.baseimg.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway copy ({@code cp -a}) of the cached arm64 minbase tree with {@code /proc} mounted, for
 * running foreign binaries in it with {@code chroot} through QEMU user emulation. {@link #close()}
 * unmounts, then deletes the copy; it deletes nothing while {@code /proc} is still mounted.
 */
final class ChrootCopy implements AutoCloseable {
  private final Path root;
  private boolean procMounted;

  private ChrootCopy(Path root) {
    this.root = root;
  }

  /** Copies {@link MinbaseTree#arm64Bookworm()} and mounts {@code /proc} in the copy. */
  static ChrootCopy ofArm64Minbase() throws IOException, InterruptedException {
    Path minbase = MinbaseTree.arm64Bookworm();
    Path parent = Files.createTempDirectory("chroot-copy-");
    ChrootCopy copy = new ChrootCopy(parent.resolve("root"));
    boolean ready = false;
    try {
      NativeTools.run(List.of("cp", "-a", minbase.toString(), copy.root.toString()));
      NativeTools.run(List.of("mount", "-t", "proc", "proc", copy.root.resolve("proc").toString()));
      copy.procMounted = true;
      ready = true;
      return copy;
    } finally {
      if (!ready) {
        copy.close();
      }
    }
  }

  /** The copy's root directory on the host. */
  Path root() {
    return root;
  }

  /** {@code pathInChroot} (e.g. {@code /etc/salt/minion_id}) as a host path. */
  Path resolve(String pathInChroot) {
    return root.resolve(pathInChroot.replaceFirst("^/+", ""));
  }

  /** Runs {@code command} in the chroot; fails on a non-zero exit. */
  NativeTools.Result run(String... command) throws IOException, InterruptedException {
    List<String> chroot = new ArrayList<>(List.of("chroot", root.toString()));
    chroot.addAll(List.of(command));
    return NativeTools.run(chroot);
  }

  /** Installs {@code /usr/sbin/policy-rc.d} that answers every request with {@code exitCode}. */
  void writePolicyRcD(int exitCode) throws IOException {
    Path policy = resolve("/usr/sbin/policy-rc.d");
    Files.writeString(policy, "#!/bin/sh\nexit " + exitCode + "\n");
    Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Override
  public void close() throws IOException {
    if (procMounted) {
      NativeTools.runToClose(List.of("umount", resolve("/proc").toString()));
      procMounted = false;
    }
    // --one-file-system: should anything still be mounted in the copy, leave it alone.
    NativeTools.runToClose(List.of("rm", "-rf", "--one-file-system", root.getParent().toString()));
  }
}
