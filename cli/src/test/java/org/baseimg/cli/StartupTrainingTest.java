package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's training run: every command it runs succeeds, or the archive misses them. */
class StartupTrainingTest {
  @TempDir Path work;

  @Test
  void train_runsEveryShortCommandWithoutAFailure() throws Exception {
    assertThat(StartupTraining.train(work)).isZero();
    assertThat(work.resolve("tiny.cpio.gz")).isNotEmptyFile();
  }
}
