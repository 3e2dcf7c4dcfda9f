package org.baseimg.builder.internal.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.baseimg.builder.Prerequisites;
import org.baseimg.event.EventListener;
import org.baseimg.image.Architecture;
import org.baseimg.testing.NativeTools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fresh-host path: qemu-user-static installed, its arm64 format not in the kernel because its
 * postinst skipped the import (as it does where systemd-detect-virt reports a container). Needs
 * root, binfmt-support and qemu-user-static; each test leaves the entry registered.
 */
class BinfmtRegistrationIT {
  private static final Architecture ARM64 = Architecture.ARM64;
  private static final Path ENTRY = Path.of("/proc/sys/fs/binfmt_misc/qemu-aarch64");

  @AfterEach
  void leaveItRegistered() throws Exception {
    BinfmtRegistration.register(ARM64, EventListener.NONE);
  }

  @Test
  void register_afterUpdateBinfmtsDisable_enablesItWithTheFFlag() throws Exception {
    BinfmtRegistration.register(ARM64, EventListener.NONE);
    NativeTools.run(List.of("update-binfmts", "--disable", "qemu-aarch64"));
    assertThat(Prerequisites.binfmt(ARM64).ok()).isFalse();

    BinfmtRegistration.register(ARM64, EventListener.NONE);

    assertRegisteredWithF();
  }

  @Test
  void register_whenBinfmtSupportsDatabaseLacksIt_importsItAgain() throws Exception {
    BinfmtRegistration.register(ARM64, EventListener.NONE);
    String interpreter = field("interpreter ");
    NativeTools.run(
        List.of(
            "update-binfmts",
            "--package",
            "qemu-user-static",
            "--remove",
            "qemu-aarch64",
            interpreter));
    assertThat(ENTRY).doesNotExist();
    assertThat(Path.of("/var/lib/binfmts/qemu-aarch64")).doesNotExist();
    assertThat(Prerequisites.binfmt(ARM64).detail()).contains("qemu-user-static is installed");

    BinfmtRegistration.register(ARM64, EventListener.NONE);

    assertRegisteredWithF();
    assertThat(Path.of("/var/lib/binfmts/qemu-aarch64")).exists();
  }

  @Test
  void register_withoutBinfmtSupport_writesQemuUserStaticsLineToTheKernel() throws Exception {
    BinfmtRegistration.register(ARM64, EventListener.NONE);
    Files.writeString(ENTRY, "-1"); // unregisters it
    assertThat(ENTRY).doesNotExist();

    BinfmtRegistration.register(ARM64, false, EventListener.NONE);

    assertRegisteredWithF();
  }

  @Test
  void registrationLine_ofQemuUserStaticsConf_isTheLineWithTheFFlag() throws Exception {
    String line =
        BinfmtRegistration.registrationLine(
            Files.readString(Path.of("/usr/lib/binfmt.d/qemu-aarch64.conf")), ARM64);

    assertThat(line).startsWith(":qemu-aarch64:M:").endsWith("F");
  }

  private static void assertRegisteredWithF() throws Exception {
    assertThat(Files.readString(ENTRY)).startsWith("enabled");
    assertThat(field("flags: ")).contains("F");
    assertThat(Prerequisites.binfmt(ARM64).ok()).isTrue();
  }

  private static String field(String prefix) throws Exception {
    return Files.readAllLines(ENTRY).stream()
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(prefix.length()).trim())
        .findFirst()
        .orElseThrow();
  }
}
