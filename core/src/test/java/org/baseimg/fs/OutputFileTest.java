package org.baseimg.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.baseimg.BadInputException;
import org.baseimg.kconfig.KernelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFileTest {
  @TempDir Path temp;

  @Test
  void resolve_symlinkChain_leadsToTheFinalFile() throws Exception {
    Path real = temp.resolve("real");
    Path first = Files.createSymbolicLink(temp.resolve("first"), Path.of("second"));
    Files.createSymbolicLink(temp.resolve("second"), real);

    assertThat(OutputFile.resolve(first)).isEqualTo(real);
  }

  @Test
  void resolve_linkLoop_isRefused() throws Exception {
    Path loop = Files.createSymbolicLink(temp.resolve("loop"), Path.of("loop"));

    assertThatThrownBy(() -> OutputFile.resolve(loop))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("too many levels of symbolic links");
  }

  @Test
  void resolve_characterDevice_isRefused() {
    assertThatThrownBy(() -> OutputFile.resolve(Path.of("/dev/null")))
        .isInstanceOf(OutputFile.RefusedException.class)
        .hasMessageContaining("is a character device");
  }

  @Test
  void resolve_missingDirectory_isRefused() {
    assertThatThrownBy(() -> OutputFile.resolve(temp.resolve("absent/x")))
        .isInstanceOf(OutputFile.RefusedException.class)
        .hasMessageContaining("directory does not exist");
  }

  @Test
  void writeTextFile_fifoAtTheTarget_isBadInputAndLeftInPlace() throws Exception {
    Path fifo = temp.resolve("fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

    assertThatThrownBy(() -> KernelConfig.writeTextFile(fifo, "CONFIG_X=y\n"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("is a FIFO");
    assertThat(Files.isRegularFile(fifo)).isFalse();
  }
}
