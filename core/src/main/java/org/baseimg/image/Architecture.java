package org.baseimg.image;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A target architecture and every name the tools use for it. A profile says only {@code arch:
 * arm64}; debootstrap, the kernel's make, the cross compiler, QEMU and Docker each get their own
 * name from here.
 */
public enum Architecture {
  AMD64("amd64", "x86", "x86_64-linux-gnu-", "x86_64", "x86_64", "linux/amd64"),
  ARM64("arm64", "arm64", "aarch64-linux-gnu-", "aarch64", "aarch64", "linux/arm64");

  private final String debianName;
  private final String kernelArch;
  private final String crossCompilePrefix;
  private final String qemuName;
  private final String unameMachine;
  private final String containerPlatform;

  Architecture(
      String debianName,
      String kernelArch,
      String crossCompilePrefix,
      String qemuName,
      String unameMachine,
      String containerPlatform) {
    this.debianName = debianName;
    this.kernelArch = kernelArch;
    this.crossCompilePrefix = crossCompilePrefix;
    this.qemuName = qemuName;
    this.unameMachine = unameMachine;
    this.containerPlatform = containerPlatform;
  }

  /** Debian's name, as debootstrap's {@code --arch} and dpkg take it: {@code arm64}. */
  public String debianName() {
    return debianName;
  }

  /** The kernel's {@code ARCH=}: {@code arm64}, {@code x86}. */
  public String kernelArch() {
    return kernelArch;
  }

  /** The cross toolchain's {@code CROSS_COMPILE=}: {@code aarch64-linux-gnu-}. */
  public String crossCompilePrefix() {
    return crossCompilePrefix;
  }

  /**
   * QEMU's name: the binfmt_misc entry is {@code qemu-<name>}, the system emulator {@code
   * qemu-system-<name>}.
   */
  public String qemuName() {
    return qemuName;
  }

  /** The binfmt_misc entry that runs this architecture's binaries: {@code qemu-aarch64}. */
  public String binfmtName() {
    return "qemu-" + qemuName;
  }

  /** What {@code uname -m} prints on it: {@code aarch64}. */
  public String unameMachine() {
    return unameMachine;
  }

  /** Docker's platform: {@code linux/arm64}. */
  public String containerPlatform() {
    return containerPlatform;
  }

  /** The architecture with this Debian name, if baseimg supports it. */
  public static Optional<Architecture> ofDebianName(String name) {
    return Arrays.stream(values()).filter(arch -> arch.debianName.equals(name)).findFirst();
  }

  /** The architecture of the JVM's host, if baseimg supports it. */
  public static Optional<Architecture> host() {
    String os = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return switch (os) {
      case "amd64", "x86_64" -> Optional.of(AMD64);
      case "aarch64", "arm64" -> Optional.of(ARM64);
      default -> Optional.empty();
    };
  }
}
