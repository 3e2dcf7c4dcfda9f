package org.baseimg.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.baseimg.debian.DebPackage;
import org.baseimg.debian.DebianArchive;
import org.baseimg.debian.DebianKernel;
import org.baseimg.debian.DebianMirror;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.kernel.Kernel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots Debian's arm64 kernel in qemu-system-aarch64 with a tiny busybox initramfs built here (not
 * with the project's writer, so that this test checks the boot harness alone). Needs the host's
 * Debian mirror, gpgv, qemu-system-arm, cpio, gzip, and root (for {@code mknod dev/console}).
 */
class QemuBootIT {
  /** Shared across runs so that the kernel and busybox are downloaded once. */
  private static final Path CACHE = Path.of("target", "boot-it-cache").toAbsolutePath();

  private static Kernel kernel;
  private static DebPackage busybox;

  @TempDir Path directory;

  @BeforeAll
  static void fetch() throws Exception {
    DebianArchive archive =
        DebianArchive.create(DebianMirror.fromHost(), CACHE, EventListener.NONE);
    kernel = DebianKernel.online(archive).fetch("bookworm", "arm64");
    busybox = archive.downloadPackage("bookworm", "arm64", "busybox-static");
  }

  @Test
  void boot_busyboxInitramfs_printsTheMarkerWithAarch64AndPowersOff() throws Exception {
    Path tree = tree(true);
    Path initramfs = pack(tree);
    List<Event> events = new CopyOnWriteArrayList<>();

    BootResult result =
        QemuBoot.create("arm64", events::add)
            .withTimeout(Duration.ofSeconds(120))
            .boot(kernel.image(), initramfs);

    assertThat(result.markerSeen())
        .as("marker on the console; last lines:\n%s", String.join("\n", result.consoleTail()))
        .isTrue();
    assertThat(result.markerLine()).contains("baseimg-init: userspace is up arch=aarch64");
    assertThat(result.reportedArch()).contains("aarch64");
    assertThat(result.exitCode()).as("qemu exits by itself after the sysrq power-off").isZero();
    assertThat(result.timedOut()).isFalse();
    assertThat(events)
        .contains(new Event.ToolOutput("qemu", "baseimg-init: userspace is up arch=aarch64"));
    System.out.printf(
        Locale.ROOT,
        "QemuBootIT: %s %s, %d-byte initramfs: marker after %.1f s, qemu ended after %.1f s%n",
        kernel.packageName(),
        kernel.version(),
        Files.size(initramfs),
        result.timeToMarker().orElseThrow().toMillis() / 1000.0,
        result.elapsed().toMillis() / 1000.0);
  }

  @Test
  void boot_initramfsWithoutInit_failsWithoutMarkerWhenTheKernelPanics() throws Exception {
    Path initramfs = pack(tree(false));

    BootResult result =
        QemuBoot.create("arm64", EventListener.NONE)
            .withTimeout(Duration.ofSeconds(60))
            .boot(kernel.image(), initramfs);

    assertThat(result.markerSeen()).isFalse();
    assertThat(result.timedOut())
        .as(
            "panic=-1 and -no-reboot end qemu before the timeout; last lines:\n%s",
            String.join("\n", result.consoleTail()))
        .isFalse();
    assertThat(result.consoleTail()).anyMatch(line -> line.contains("Kernel panic"));
    assertThat(result.summary()).contains("the kernel found no /init");
    System.out.printf(
        Locale.ROOT,
        "QemuBootIT: broken initramfs: qemu ended after %.1f s: %s%n",
        result.elapsed().toMillis() / 1000.0,
        result.summary());
  }

  /** {@code /bin/busybox}, {@code /dev/console}, {@code /proc} and, when asked, {@code /init}. */
  private Path tree(boolean withInit) throws Exception {
    Path tree = Files.createDirectories(directory.resolve("tree"));
    Files.createDirectories(tree.resolve("bin"));
    Files.createDirectories(tree.resolve("dev"));
    Files.createDirectories(tree.resolve("proc"));
    busybox.extract("bin/busybox", tree.resolve("bin/busybox"));
    run(tree, "mknod", "-m", "600", "dev/console", "c", "5", "1");
    if (withInit) {
      Path init = tree.resolve("init");
      Files.writeString(
          init,
          String.join(
              "\n",
              "#!/bin/busybox sh",
              "/bin/busybox mount -t proc proc /proc",
              "echo \"baseimg-init: userspace is up arch=$(/bin/busybox uname -m)\"",
              // Let the serial console drain: a power-off right after the echo can lose the line
              // (seen on amd64's 16550 UART).
              "/bin/busybox sleep 1",
              "echo o > /proc/sysrq-trigger",
              "/bin/busybox sleep 30",
              ""),
          StandardCharsets.US_ASCII);
      Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return tree;
  }

  /** {@code find . | cpio -o -H newc | gzip}, as the kernel's documentation packs an initramfs. */
  private Path pack(Path tree) throws Exception {
    Path output = directory.resolve("initramfs.cpio.gz");
    run(
        tree,
        "sh",
        "-c",
        "set -e; command -v cpio >/dev/null || { echo 'cpio is not installed: apt-get install cpio'; exit 1; };"
            + " find . | cpio -o -H newc --quiet | gzip -9n > '"
            + output
            + "'");
    return output;
  }

  private static void run(Path directory, String... command)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    assertThat(exit)
        .as("%s failed (root is needed for mknod): %s", String.join(" ", command), output.strip())
        .isZero();
  }
}
