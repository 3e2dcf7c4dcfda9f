package org.baseimg.kconfig;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.baseimg.BadInputException;
import org.junit.jupiter.api.Test;

class KernelTreeTest {
  @Test
  void at_notAKernelTree_suggestsInTheCallersWords() {
    Path notATree = TestConfigs.resource("configs");
    assertThatThrownBy(() -> KernelTree.at(notATree))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            notATree
                + " is not a kernel source tree (no Makefile, Kconfig and scripts/kconfig/conf.c);"
                + " give the top directory of an unpacked linux tree, or give no source tree to"
                + " fetch Debian's linux-source package");
    assertThatThrownBy(
            () -> KernelTree.at(notATree, new KconfigSuggestions("omit <source/>", "unused")))
        .hasMessageEndingWith(
            "give the top directory of an unpacked linux tree, or omit <source/>");
  }

  @Test
  void at_missingDirectory_isBadInput() {
    assertThatThrownBy(() -> KernelTree.at(Path.of("/nonexistent/linux")))
        .isInstanceOf(BadInputException.class)
        .hasMessage("kernel source /nonexistent/linux is not a directory");
  }
}
