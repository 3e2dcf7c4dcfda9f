package org.baseimg.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImagePathTest {

  @Test
  void compareTo_ordersDepthFirstWithEachDirectoryBeforeItsContents() {
    List<ImagePath> paths =
        new ArrayList<>(
            List.of(
                ImagePath.of("/a-c"),
                ImagePath.of("/a/b"),
                ImagePath.of("/a"),
                ImagePath.ROOT,
                ImagePath.of("/a/b/c"),
                ImagePath.of("/a.d"),
                ImagePath.of("/b")));
    paths.sort(null);
    assertThat(paths)
        .extracting(ImagePath::value)
        .containsExactly("/", "/a", "/a/b", "/a/b/c", "/a-c", "/a.d", "/b");
  }

  @Test
  void compareTo_ordersNamesByCodePointLikeTheirUtf8Bytes() {
    // U+FF21 (3 UTF-8 bytes, one UTF-16 unit) sorts before U+1F600 (4 bytes, a surrogate pair);
    // comparing UTF-16 units would put the surrogate pair first.
    ImagePath bmp = ImagePath.of("/\uFF21");
    ImagePath astral = ImagePath.of("/\uD83D\uDE00");
    assertThat(bmp.compareTo(astral)).isNegative();
    assertThat(astral.compareTo(bmp)).isPositive();
  }

  @Test
  void ofArchiveName_normalisesDotsAndSlashes() {
    assertThat(ImagePath.ofArchiveName("./usr//bin/./env/"))
        .isEqualTo(ImagePath.of("/usr/bin/env"));
    assertThat(ImagePath.ofArchiveName("a/../b")).isEqualTo(ImagePath.of("/b"));
    assertThat(ImagePath.ofArchiveName("./")).isEqualTo(ImagePath.ROOT);
  }

  @Test
  void ofArchiveName_rejectsPathsThatEscapeTheRoot() {
    assertThatThrownBy(() -> ImagePath.ofArchiveName("../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("climbs out of the root");
    assertThatThrownBy(() -> ImagePath.ofArchiveName("a/../../x"))
        .hasMessageContaining("climbs out of the root");
    assertThatThrownBy(() -> ImagePath.ofArchiveName("/etc/passwd"))
        .hasMessageContaining("escapes the root");
  }

  @Test
  void of_rejectsPathsThatAreNotNormalised() {
    assertThatThrownBy(() -> ImagePath.of("usr")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImagePath.of("/usr/")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImagePath.of("/usr/../x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parentNameAndArchiveName_followThePath() {
    ImagePath path = ImagePath.of("/usr/bin/env");
    assertThat(path.parent()).isEqualTo(ImagePath.of("/usr/bin"));
    assertThat(path.name()).isEqualTo("env");
    assertThat(path.archiveName()).isEqualTo("usr/bin/env");
    assertThat(path.depth()).isEqualTo(3);
    assertThat(ImagePath.ROOT.archiveName()).isEqualTo(".");
    assertThat(ImagePath.of("/usr").isAncestorOf(path)).isTrue();
    assertThat(ImagePath.of("/us").isAncestorOf(path)).isFalse();
    assertThat(ImagePath.ROOT.isAncestorOf(path)).isTrue();
  }
}
