package org.baseimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baseimg kernel build}'s answers to bad input and to a compile failure, against a stand-in
 * kernel tree whose Makefile fails the way kbuild does (the real build is KernelBuildIT). Needs the
 * arm64 cross compiler, make, flex and bison, as any kernel build.
 */
class KernelCommandTest {
  @TempDir Path temp;
  Path tree;
  Path config;

  @BeforeEach
  void fakeTree() throws Exception {
    tree = Files.createDirectories(temp.resolve("linux"));
    Files.createDirectories(tree.resolve("scripts/kconfig"));
    Files.writeString(tree.resolve("scripts/kconfig/conf.c"), "");
    Files.writeString(tree.resolve("Kconfig"), "");
    Files.writeString(
        tree.resolve("Makefile"),
        String.join(
            "\n",
            "VERSION = 6",
            "PATCHLEVEL = 1",
            "SUBLEVEL = 0",
            "EXTRAVERSION =",
            "olddefconfig:",
            "\t@true",
            "Image modules dtbs:",
            "\t@echo '  CC      kernel/fork.o'",
            "\t@echo '  CC      drivers/broken/oops.o'",
            "\t@echo \"drivers/broken/oops.c:3:5: error: expected identifier before '(' token\" >&2",
            "\t@echo 'make[3]: *** [scripts/Makefile.build:250: drivers/broken/oops.o] Error 1' >&2",
            "\t@exit 2",
            ""));
    config = Files.writeString(temp.resolve("arm64.config"), "CONFIG_MODULES=y\n");
  }

  private CommandLineRun build(String... extra) {
    String[] common = {
      "kernel",
      "build",
      "--source",
      tree.toString(),
      "--cache",
      temp.resolve("cache").toString(),
      "--no-install",
      "--console",
      "plain"
    };
    String[] all = new String[common.length + extra.length];
    System.arraycopy(common, 0, all, 0, common.length);
    System.arraycopy(extra, 0, all, common.length, extra.length);
    return CommandLineRun.of(all);
  }

  @Test
  void build_aFileFailsToCompile_exits1NamingItWithTheCompilersErrorAndLeavesNothing() {
    Path out = temp.resolve("out");

    CommandLineRun run = build("--config", config.toString(), "-o", out.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.FAILURE);
    assertThat(run.err())
        .contains("the kernel did not build: drivers/broken/oops.c failed to compile")
        .contains("error: expected identifier");
    assertThat(out).doesNotExist();
    assertThat(temp).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("out."));
  }

  @Test
  void build_neitherConfigNorProfile_isBadInput() {
    CommandLineRun run = build("-o", temp.resolve("out").toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.errLines()).singleElement().asString().contains("--config FILE or --profile");
  }

  @Test
  void build_outputThatHoldsFiles_isBadInputAndUntouched() throws Exception {
    Path out = Files.createDirectories(temp.resolve("taken"));
    Files.writeString(out.resolve("keep"), "mine");

    CommandLineRun run = build("--config", config.toString(), "-o", out.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err()).contains("exists and is not an empty directory");
    assertThat(out.resolve("keep")).hasContent("mine");
  }

  @Test
  void build_zeroJobs_isBadInput() {
    CommandLineRun run =
        build("--config", config.toString(), "-j", "0", "-o", temp.resolve("out").toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err()).contains("--jobs must be at least 1");
  }
}
