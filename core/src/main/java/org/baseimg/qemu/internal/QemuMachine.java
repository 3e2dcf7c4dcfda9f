package org.baseimg.qemu.internal;

import java.util.List;
import java.util.Optional;

/** How QEMU emulates a Debian architecture for a boot test. */
public enum QemuMachine {
  /** 64-bit ARM: the {@code virt} board with a PL011 serial console. */
  ARM64(
      "arm64",
      "aarch64",
      "qemu-system-aarch64",
      "qemu-system-arm",
      "ttyAMA0",
      // -cpu max is several times slower under TCG (pointer authentication); cortex-a57 is fast.
      List.of("-M", "virt", "-cpu", "cortex-a57")),
  /** 64-bit x86: the {@code q35} board with a 16550 serial console. */
  AMD64("amd64", "x86_64", "qemu-system-x86_64", "qemu-system-x86", "ttyS0", List.of("-M", "q35"));

  private final String debianArch;
  private final String unameMachine;
  private final String binary;
  private final String debianPackage;
  private final String console;
  private final List<String> machineArguments;

  QemuMachine(
      String debianArch,
      String unameMachine,
      String binary,
      String debianPackage,
      String console,
      List<String> machineArguments) {
    this.debianArch = debianArch;
    this.unameMachine = unameMachine;
    this.binary = binary;
    this.debianPackage = debianPackage;
    this.console = console;
    this.machineArguments = machineArguments;
  }

  /** The machine for a Debian architecture name, if there is one. */
  public static Optional<QemuMachine> forDebianArch(String arch) {
    for (QemuMachine machine : values()) {
      if (machine.debianArch.equals(arch)) {
        return Optional.of(machine);
      }
    }
    return Optional.empty();
  }

  /** The Debian architecture, e.g. {@code arm64}. */
  public String debianArch() {
    return debianArch;
  }

  /** What {@code uname -m} says inside, e.g. {@code aarch64}. */
  public String unameMachine() {
    return unameMachine;
  }

  /** The emulator's command name, e.g. {@code qemu-system-aarch64}. */
  public String binary() {
    return binary;
  }

  /** The Debian package that has the emulator, e.g. {@code qemu-system-arm}. */
  public String debianPackage() {
    return debianPackage;
  }

  /** The serial console device, e.g. {@code ttyAMA0}. */
  public String console() {
    return console;
  }

  /**
   * The machine and CPU arguments, for TCG. KVM is left out on purpose: a {@code /dev/kvm} that
   * exists is no promise that it works (in a VM without full nested virtualisation, QEMU 7.2 starts
   * with KVM and then aborts setting MSRs or hangs silently), and TCG boots a test initramfs in a
   * few seconds anyway.
   */
  /** The virtio NIC of this machine's bus: {@code virtio-net-pci} on arm64's virt and on q35. */
  public String networkDevice() {
    return "virtio-net-pci";
  }

  public List<String> machineArguments() {
    return machineArguments;
  }
}
