package org.baseimg.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this JVM runs as root, for helpers that chown, mknod or extract with owners. */
final class Privileges {
  private Privileges() {}

  static boolean isRoot() {
    try {
      // /proc/self belongs to the process's effective uid; the JDK has no public geteuid().
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the owner of /proc/self to tell if we are root", e);
    }
  }

  /**
   * Fails unless running as root.
   *
   * @param purpose what needs root, e.g. "creating device nodes", for the message
   */
  static void requireRoot(String purpose) {
    if (!isRoot()) {
      throw new IllegalStateException(
          purpose
              + " needs root; run this test as root (e.g. in the project's build container) or"
              + " with sudo");
    }
  }
}
