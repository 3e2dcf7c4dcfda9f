package org.baseimg.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs QemuBoot against shell scripts that behave like QEMU's console, so no QEMU is needed. */
class QemuBootTest {
  @TempDir Path directory;
  private Path kernel;
  private Path initramfs;
  private final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void files() throws Exception {
    kernel = Files.writeString(directory.resolve("vmlinuz"), "k");
    initramfs = Files.writeString(directory.resolve("initramfs.cpio.gz"), "i");
  }

  @Test
  void boot_markerThenExit_reportsLineArchTimeAndExitCode() throws Exception {
    Path qemu =
        script(
            "echo '[    0.000000] Booting Linux on physical CPU 0x0000000000'",
            "printf 'Run /init as init process\\r\\n'",
            "echo '[    1.1] random: crng init done' ; echo 'baseimg-init: userspace is up arch=aarch64'",
            "echo '[    2.2] reboot: Power down'",
            "exit 0");

    BootResult result = boot(QemuBoot.create("arm64", events::add).withQemuBinary(qemu));

    assertThat(result.markerSeen()).isTrue();
    assertThat(result.markerLine()).contains("baseimg-init: userspace is up arch=aarch64");
    assertThat(result.reportedArch()).contains("aarch64");
    assertThat(result.timeToMarker()).isPresent();
    assertThat(result.exitCode()).isZero();
    assertThat(result.timedOut()).isFalse();
    assertThat(result.consoleTail()).contains("Run /init as init process").hasSize(5);
    assertThat(result.summary()).startsWith("userspace up after");
    assertThat(events)
        .contains(new Event.ToolOutput("qemu", "[    2.2] reboot: Power down"))
        .anyMatch(
            event ->
                event instanceof Event.PhaseFinished finished && finished.phase().equals("boot"));
  }

  @Test
  void boot_customMarkerInsideAKernelLogLine_isFoundFromTheMarkerOn() throws Exception {
    Path qemu = script("echo '[    3.0] systemd[1]: READY arch=x86_64 more'");

    BootResult result =
        boot(QemuBoot.create("amd64", EventListener.NONE).withQemuBinary(qemu).withMarker("READY"));

    assertThat(result.markerLine()).contains("READY arch=x86_64 more");
    assertThat(result.reportedArch()).contains("x86_64");
  }

  @Test
  void boot_silentHang_timesOutKillsQemuAndItsChildrenAndKeepsTheTail() throws Exception {
    Path qemu =
        script(
            "for i in $(seq 1 60); do echo \"line $i\"; done",
            "sleep 300 & echo $! > " + directory.resolve("child.pid"),
            "echo $$ > " + directory.resolve("qemu.pid"),
            "exec sleep 300");

    long started = System.nanoTime();
    BootResult result =
        boot(
            QemuBoot.create("arm64", EventListener.NONE)
                .withQemuBinary(qemu)
                .withTimeout(Duration.ofSeconds(2)));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    assertThat(result.markerSeen()).isFalse();
    assertThat(result.timedOut()).isTrue();
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.consoleTail()).hasSize(QemuBoot.TAIL_LINES).endsWith("line 60");
    assertThat(result.consoleTail().get(0)).isEqualTo("line 21");
    assertThat(result.summary()).startsWith("no boot marker on the console within 2 s");
    assertDead("qemu.pid");
    assertDead("child.pid");
    assertThatThrownBy(result::requireMarker)
        .isInstanceOf(BaseimgException.class)
        .hasMessageContaining("boot test failed: no boot marker")
        .hasMessageContaining("\n  line 60");
  }

  @Test
  void boot_kernelPanicThenExit_failsFastWithTheCause() throws Exception {
    Path qemu =
        script(
            "echo '[    1.5] Kernel panic - not syncing: No working init found.  Try passing init= option to kernel.'",
            "echo '[    1.6] Rebooting in 1 seconds..'",
            "exit 0");

    BootResult result = boot(QemuBoot.create("arm64", EventListener.NONE).withQemuBinary(qemu));

    assertThat(result.markerSeen()).isFalse();
    assertThat(result.timedOut()).isFalse();
    assertThat(result.exitCode()).isZero();
    assertThat(result.summary())
        .contains("before qemu exited with 0")
        .contains("the kernel found no /init in the initramfs");
  }

  @Test
  void boot_markerButNoPowerOff_stopsQemuAfterTheGraceAndStillSucceeds() throws Exception {
    Path qemu =
        script(
            "echo 'baseimg-init: userspace is up arch=aarch64'",
            "echo $$ > " + directory.resolve("qemu.pid"),
            "exec sleep 300");

    BootResult result =
        boot(
            QemuBoot.create("arm64", EventListener.NONE)
                .withQemuBinary(qemu)
                .withShutdownGrace(Duration.ofMillis(500)));

    assertThat(result.markerSeen()).isTrue();
    assertThat(result.timedOut()).isFalse();
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.summary()).endsWith("; qemu was stopped");
    assertDead("qemu.pid");
  }

  @Test
  void boot_threadInterrupted_killsQemuRestoresTheFlagAndRethrows() throws Exception {
    Path qemu =
        script("echo $$ > " + directory.resolve("qemu.pid"), "echo booting", "exec sleep 300");
    QemuBoot test = QemuBoot.create("arm64", EventListener.NONE).withQemuBinary(qemu);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean flagAfterwards = new AtomicBoolean();
    Thread worker =
        new Thread(
            () -> {
              try {
                test.boot(kernel, initramfs);
              } catch (Throwable e) {
                thrown.set(e);
                flagAfterwards.set(Thread.currentThread().isInterrupted());
              }
            });

    worker.start();
    waitFor(directory.resolve("qemu.pid"));
    worker.interrupt();
    worker.join(10_000);

    assertThat(worker.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(flagAfterwards.get()).isTrue();
    assertDead("qemu.pid");
  }

  @Test
  void boot_qemuNotOnPath_saysWhichPackageToInstall() throws Exception {
    QemuBoot arm =
        QemuBoot.create("arm64", EventListener.NONE).withSearchPath(directory.toString());
    QemuBoot x86 =
        QemuBoot.create("amd64", EventListener.NONE).withSearchPath(directory.toString());

    assertThatThrownBy(() -> arm.boot(kernel, initramfs))
        .isInstanceOf(BaseimgException.class)
        .hasMessage("qemu-system-aarch64 is not installed: apt-get install qemu-system-arm");
    assertThatThrownBy(() -> x86.boot(kernel, initramfs))
        .hasMessage("qemu-system-x86_64 is not installed: apt-get install qemu-system-x86");
  }

  @Test
  void boot_missingInitramfs_isBadInput() throws Exception {
    Path qemu = script("exit 0");

    assertThatThrownBy(
            () ->
                QemuBoot.create("arm64", EventListener.NONE)
                    .withQemuBinary(qemu)
                    .boot(kernel, directory.resolve("missing.cpio")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("initramfs")
        .hasMessageContaining("missing.cpio does not exist");
  }

  @Test
  void command_arm64_isTheFastVirtMachineWithTheBootTestArguments() throws Exception {
    Path qemu = script("exit 0");

    List<String> command =
        QemuBoot.create("arm64", EventListener.NONE)
            .withQemuBinary(qemu)
            .withKernelArguments(List.of("quiet"))
            .command(kernel, initramfs);

    assertThat(String.join(" ", command))
        .isEqualTo(
            qemu
                + " -M virt -cpu cortex-a57 -m 1024 -smp 2 -nographic -no-reboot -nic none"
                + " -kernel "
                + kernel
                + " -initrd "
                + initramfs
                + " -append console=ttyAMA0 panic=-1 baseimg.boot-test quiet");
  }

  @Test
  void create_unsupportedArchitecture_isBadInput() {
    assertThatThrownBy(() -> QemuBoot.create("riscv64", EventListener.NONE))
        .isInstanceOf(BadInputException.class)
        .hasMessage("boot tests support arm64 and amd64, not 'riscv64'");
  }

  private BootResult boot(QemuBoot test) throws Exception {
    return test.boot(kernel, initramfs);
  }

  private Path script(String... lines) throws Exception {
    Path file = Files.createTempFile(directory, "fake-qemu-", ".sh");
    Files.writeString(file, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  private void assertDead(String pidFile) throws Exception {
    long pid = Long.parseLong(Files.readString(directory.resolve(pidFile)).strip());
    // Killed processes are reaped by the JVM (the direct child) or by init (grandchildren).
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
        && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .as("process %d from %s is gone", pid, pidFile)
        .isFalse();
  }

  private static void waitFor(Path file) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!(Files.exists(file) && Files.size(file) > 0) && System.nanoTime() < until) {
      Thread.sleep(20);
    }
  }
}
