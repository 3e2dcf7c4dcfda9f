package org.baseimg.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's Linux 6.1 source tree, unpacked once by {@code run-tests} from the {@code
 * linux-source-6.1} package into the test cache, for tests that run the kernel's own {@code make
 * olddefconfig}, {@code merge_config.sh} and {@code diffconfig}. A missing tree fails the test with
 * what to do; nothing skips.
 */
public final class KernelSourceTree {
  private KernelSourceTree() {}

  /** {@code <test cache>/linux-source-6.1}, checked to be a kernel tree. */
  public static Path linux61() {
    Path tree = MinbaseTree.cacheDirectory().resolve("linux-source-6.1");
    if (!Files.isRegularFile(tree.resolve("scripts/kconfig/merge_config.sh"))
        || !Files.isRegularFile(tree.resolve("scripts/diffconfig"))) {
      throw new IllegalStateException(
          "no Linux 6.1 source tree at "
              + tree
              + "; ./run-tests makes it (apt-get install linux-source-6.1, then tar -xJf"
              + " /usr/src/linux-source-6.1.tar.xz -C "
              + tree.getParent()
              + ")");
    }
    return tree;
  }
}
