package org.baseimg.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FileModeTest {

  @Test
  void of_splitsTypeAndAllTwelvePermissionBits() {
    FileMode mode = FileMode.of(0104755);
    assertThat(mode.type()).isEqualTo(FileType.REGULAR);
    assertThat(mode.permissions()).isEqualTo(04755);
    assertThat(mode.bits()).isEqualTo(0104755);
  }

  @Test
  void toString_showsSpecialBitsAsLsDoes() {
    assertThat(FileMode.of(0104755)).hasToString("-rwsr-xr-x");
    assertThat(FileMode.of(0102644)).hasToString("-rw-r-Sr--");
    assertThat(FileMode.of(0041777)).hasToString("drwxrwxrwt");
    assertThat(FileMode.of(0041776)).hasToString("drwxrwxrwT");
    assertThat(FileMode.of(0020600)).hasToString("crw-------");
  }

  @Test
  void of_rejectsModesWithoutAFileType() {
    assertThatThrownBy(() -> FileMode.of(0755)).isInstanceOf(IllegalArgumentException.class);
  }
}
