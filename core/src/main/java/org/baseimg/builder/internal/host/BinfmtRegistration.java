package org.baseimg.builder.internal.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.baseimg.BaseimgException;
import org.baseimg.event.EventListener;
import org.baseimg.image.Architecture;
import org.baseimg.internal.Processes;

/**
 * Registers a foreign architecture's QEMU with binfmt_misc when qemu-user-static is installed but
 * its format is not registered. That happens on hosts that {@code systemd-detect-virt} takes for a
 * container (many CI runners and VMs): qemu-user-static's postinst then skips the import, and
 * binfmt-support imported only what was installed before it.
 *
 * <p>binfmt-support's {@code update-binfmts --import} is tried first, because it also records the
 * format in binfmt-support's database (so the host's own tools know it, and it survives a reboot);
 * where that is missing or fails, the line qemu-user-static ships for systemd-binfmt is written to
 * the kernel's {@code register} file. Both carry the F flag, which keeps the emulator outside the
 * chroot.
 */
public final class BinfmtRegistration {
  static final Path BINFMT_MISC = Path.of("/proc/sys/fs/binfmt_misc");
  private static final Path SYSTEMD_FORMATS = Path.of("/usr/lib/binfmt.d");
  private static final Path BINFMT_SUPPORT_FORMATS = Path.of("/usr/share/binfmts");
  private static final Path UPDATE_BINFMTS = Path.of("/usr/sbin/update-binfmts");

  private BinfmtRegistration() {}

  /** The registration line qemu-user-static ships for {@code arch}, when it is installed. */
  public static Optional<Path> shippedFormat(Architecture arch) {
    Path conf = SYSTEMD_FORMATS.resolve(arch.binfmtName() + ".conf");
    if (Files.isRegularFile(conf)) {
      return Optional.of(conf);
    }
    Path binfmts = BINFMT_SUPPORT_FORMATS.resolve(arch.binfmtName());
    return Files.isRegularFile(binfmts) ? Optional.of(binfmts) : Optional.empty();
  }

  /** Whether the kernel has an enabled entry for {@code arch}'s QEMU. */
  public static boolean isEnabled(Architecture arch) {
    try {
      return Files.readString(BINFMT_MISC.resolve(arch.binfmtName())).startsWith("enabled");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Mounts binfmt_misc when it is not, then registers (or re-enables) {@code arch}'s QEMU from what
   * qemu-user-static ships. Does nothing when the entry is already enabled.
   */
  public static void register(Architecture arch, EventListener events)
      throws BaseimgException, InterruptedException {
    register(arch, Files.isExecutable(UPDATE_BINFMTS), events);
  }

  /** As {@link #register(Architecture, EventListener)}, with or without binfmt-support. */
  static void register(Architecture arch, boolean withUpdateBinfmts, EventListener events)
      throws BaseimgException, InterruptedException {
    if (!Files.exists(BINFMT_MISC.resolve("register"))) {
      Processes.run(
          Processes.Command.of(
              "mount binfmt_misc",
              "mount",
              "-t",
              "binfmt_misc",
              "binfmt_misc",
              BINFMT_MISC.toString()),
          events);
    }
    if (isEnabled(arch)) {
      return;
    }
    if (withUpdateBinfmts
        && Files.isRegularFile(BINFMT_SUPPORT_FORMATS.resolve(arch.binfmtName()))) {
      // --import adds the format to the database when it is missing and enables it when it is
      // disabled; it answers 0 when there was nothing to do.
      Processes.runAllowingFailure(
          Processes.Command.of(
              "update-binfmts", UPDATE_BINFMTS.toString(), "--import", arch.binfmtName()),
          events,
          false);
      if (isEnabled(arch)) {
        return;
      }
    }
    Path conf = SYSTEMD_FORMATS.resolve(arch.binfmtName() + ".conf");
    if (!Files.isRegularFile(conf)) {
      throw new BaseimgException(
          "cannot register "
              + arch.binfmtName()
              + " with binfmt_misc: "
              + conf
              + " is missing (it comes with qemu-user-static)");
    }
    Path entry = BINFMT_MISC.resolve(arch.binfmtName());
    try {
      String line = registrationLine(Files.readString(conf), arch);
      if (Files.exists(entry)) {
        Files.writeString(entry, "1"); // registered but disabled: enable it as it is
      } else {
        Files.write(BINFMT_MISC.resolve("register"), line.getBytes(StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      throw new BaseimgException(
          "cannot register " + arch.binfmtName() + " from " + conf + ": " + e.getMessage(), e);
    }
  }

  /**
   * The one registration line of a binfmt.d file: {@code
   * :name:type:offset:magic:mask:interp:flags}.
   */
  static String registrationLine(String conf, Architecture arch) throws IOException {
    return conf.lines()
        .map(String::strip)
        .filter(line -> line.startsWith(":" + arch.binfmtName() + ":"))
        .findFirst()
        .orElseThrow(() -> new IOException("it has no line for " + arch.binfmtName()));
  }

  /** The version of the QEMU that binfmt_misc runs {@code arch}'s binaries with on this host. */
  public static String qemuVersion(Architecture arch) {
    try {
      Optional<String> interpreter =
          Files.readAllLines(BINFMT_MISC.resolve(arch.binfmtName())).stream()
              .filter(line -> line.startsWith("interpreter "))
              .map(line -> line.substring(12).trim())
              .findFirst();
      if (interpreter.isEmpty()) {
        return "none";
      }
      // The binfmt path refuses to run by hand; the binary it links to answers --version.
      Path binary = Path.of(interpreter.get()).toRealPath();
      Processes.Result version =
          Processes.capture(
              Processes.Command.of("qemu version", binary.toString(), "-version"),
              EventListener.NONE);
      return version.output().isEmpty() ? "unknown" : version.output().get(0);
    } catch (IOException | BaseimgException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
