package org.baseimg.builder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.host.BinfmtRegistration;
import org.baseimg.event.EventListener;
import org.baseimg.image.Architecture;
import org.baseimg.image.ImageSpec;
import org.baseimg.internal.Processes;

/**
 * What building in a chroot on this host needs, checked one by one: root, debootstrap, a
 * binfmt_misc entry for the target's QEMU with the F flag, the mounts a chroot needs. Each failed
 * check says how to fix it and which Debian packages do.
 */
public final class Prerequisites {
  private static final Path BINFMT = Path.of("/proc/sys/fs/binfmt_misc");

  private Prerequisites() {}

  /**
   * One check.
   *
   * @param name what was checked, e.g. {@code binfmt qemu-aarch64}
   * @param ok whether it passed
   * @param detail what was found
   * @param fix what to do when it failed
   * @param packages Debian packages that fix it, installed by {@link #install}
   */
  public record Check(String name, boolean ok, String detail, String fix, List<String> packages) {}

  /** Checks this host for building {@code arch} images in a chroot. */
  public static List<Check> check(Architecture arch) {
    List<Check> checks = new ArrayList<>();
    boolean root = isRoot();
    checks.add(
        new Check(
            "root",
            root,
            root ? "running as root" : "running as uid " + uid(),
            "run as root (debootstrap, chroot and mount need it)",
            List.of()));
    checks.add(tool("debootstrap", "debootstrap"));
    checks.add(tool("gpgv", "gpgv"));
    checks.add(keyring());
    if (isForeign(arch)) {
      // Only a foreign target runs through QEMU: a native build needs neither.
      checks.add(binfmtMounted());
      checks.add(binfmt(arch));
    }
    checks.add(tool("mount", "mount"));
    checks.add(tool("chroot", "coreutils"));
    return checks;
  }

  /**
   * Checks this host for building {@code spec} in a chroot: as {@link #check(Architecture)}, and
   * for a boot set's kernel kmod (depmod, modinfo), dpkg-deb for a Debian kernel package, and the
   * cross toolchain the kernel's make needs for one built here.
   */
  public static List<Check> check(ImageSpec spec) {
    List<Check> checks = new ArrayList<>(check(spec.arch()));
    checks.addAll(kernelChecks(spec));
    return checks;
  }

  /** What a boot set's kernel needs on this host, in any build environment. */
  public static List<Check> kernelChecks(ImageSpec spec) {
    List<Check> checks = new ArrayList<>();
    Optional<ImageSpec.KernelSpec> kernel =
        spec.kernel().filter(k -> k.from() != ImageSpec.KernelSpec.From.NONE);
    if (kernel.isEmpty()) {
      return checks;
    }
    checks.add(tool("depmod", "kmod"));
    checks.add(tool("modinfo", "kmod"));
    if (kernel.get().from() == ImageSpec.KernelSpec.From.PACKAGE) {
      checks.add(tool("dpkg-deb", "dpkg"));
    } else {
      checks.addAll(kernelBuildChecks(spec.arch()));
    }
    return checks;
  }

  /**
   * What the kernel's make needs to build for {@code arch} on this host: the cross compiler, the
   * host compiler, make, flex, bison, bc, cpio (for the kernel's headers archive) and kmod.
   */
  public static List<Check> kernelBuildChecks(Architecture arch) {
    List<Check> checks = new ArrayList<>();
    String gcc = arch.crossCompilePrefix() + "gcc";
    checks.add(tool(gcc, "gcc-" + arch.crossCompilePrefix().replaceAll("-$", "")));
    checks.add(tool("gcc", "gcc"));
    checks.add(tool("make", "make"));
    checks.add(tool("flex", "flex"));
    checks.add(tool("bison", "bison"));
    checks.add(tool("bc", "bc"));
    checks.add(tool("cpio", "cpio"));
    checks.add(tool("depmod", "kmod"));
    return checks;
  }

  /** The packages the failed checks need, without duplicates. */
  public static List<String> missingPackages(List<Check> checks) {
    Set<String> packages = new LinkedHashSet<>();
    for (Check check : checks) {
      if (!check.ok()) {
        packages.addAll(check.packages());
      }
    }
    return List.copyOf(packages);
  }

  /** True when this is Debian or a derivative with apt-get. */
  public static boolean canInstall() {
    return Files.isExecutable(Path.of("/usr/bin/apt-get"))
        && Files.exists(Path.of("/etc/debian_version"));
  }

  /** Whether {@code arch}'s binaries need QEMU on this host. */
  public static boolean isForeign(Architecture arch) {
    return Architecture.host().map(host -> host != arch).orElse(true);
  }

  /**
   * Installs {@code packages} with apt-get (after one apt-get update), then, for a foreign {@code
   * arch}, mounts binfmt_misc and registers its QEMU when nothing did (see {@link
   * BinfmtRegistration}).
   */
  public static void install(Architecture arch, List<String> packages, EventListener events)
      throws BaseimgException, InterruptedException {
    installPackages(packages, events);
    if (isForeign(arch)) {
      BinfmtRegistration.register(arch, events);
    }
  }

  /** Installs {@code packages} with apt-get, after one apt-get update; nothing else. */
  public static void installPackages(List<String> packages, EventListener events)
      throws BaseimgException, InterruptedException {
    if (packages.isEmpty()) {
      return;
    }
    Processes.run(Processes.Command.of("apt-get", "apt-get", "update", "-q"), events);
    List<String> install =
        new ArrayList<>(
            List.of("apt-get", "install", "-y", "-q", "-o", "APT::Install-Recommends=false"));
    install.addAll(packages);
    Processes.run(
        Processes.Command.of("apt-get", install)
            .withEnvironment(java.util.Map.of("DEBIAN_FRONTEND", "noninteractive")),
        events);
  }

  private static Check tool(String command, String debianPackage) {
    for (String directory : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
      Path path = Path.of(directory, command);
      if (Files.isExecutable(path)) {
        return new Check(command, true, path.toString(), "", List.of(debianPackage));
      }
    }
    return new Check(
        command,
        false,
        "not installed",
        "apt-get install " + debianPackage,
        List.of(debianPackage));
  }

  private static Check keyring() {
    Path keyring = Path.of("/usr/share/keyrings/debian-archive-keyring.gpg");
    boolean ok = Files.exists(keyring);
    return new Check(
        "Debian archive keyring",
        ok,
        ok ? keyring.toString() : "missing",
        "apt-get install debian-archive-keyring",
        List.of("debian-archive-keyring"));
  }

  private static Check binfmtMounted() {
    boolean ok = Files.exists(BINFMT.resolve("register"));
    return new Check(
        "binfmt_misc mounted",
        ok,
        ok ? BINFMT.toString() : "not mounted",
        "mount -t binfmt_misc binfmt_misc "
            + BINFMT
            + " (a build run as root that may install does it)",
        List.of());
  }

  /** The target's binfmt entry: present, enabled, with the F flag (no emulator in the chroot). */
  public static Check binfmt(Architecture arch) {
    Path entry = BINFMT.resolve(arch.binfmtName());
    String name = "binfmt " + arch.binfmtName();
    List<String> packages = List.of("qemu-user-static", "binfmt-support");
    Optional<Path> shipped = BinfmtRegistration.shippedFormat(arch);
    String register =
        "a build run as root that may install registers it; by hand: update-binfmts --import "
            + arch.binfmtName()
            + shipped
                .map(path -> ", or write the line of " + path + " to " + BINFMT.resolve("register"))
                .orElse("");
    if (!Files.exists(entry)) {
      if (shipped.isPresent()) {
        return new Check(
            name,
            false,
            "no entry, although qemu-user-static is installed (its postinst skips registering"
                + " where systemd-detect-virt reports a container)",
            register,
            List.of());
      }
      return new Check(
          name, false, "no entry", "apt-get install qemu-user-static binfmt-support", packages);
    }
    String text;
    try {
      text = Files.readString(entry);
    } catch (IOException e) {
      return new Check(name, false, "unreadable: " + e.getMessage(), "check " + entry, packages);
    }
    String flags =
        text.lines()
            .filter(line -> line.startsWith("flags:"))
            .map(line -> line.substring(6).trim())
            .findFirst()
            .orElse("");
    if (!text.startsWith("enabled")) {
      return new Check(name, false, "disabled", register, List.of());
    }
    if (!flags.contains("F")) {
      return new Check(
          name,
          false,
          "flags " + flags + ", without F: the emulator would have to be" + " inside the chroot",
          "reinstall qemu-user-static (Debian's registers with F)",
          packages);
    }
    return new Check(name, true, "enabled, flags " + flags, "", packages);
  }

  /** The flags of the target's binfmt entry, for the manifest; empty when there is none. */
  public static String binfmtFlags(Architecture arch) {
    try {
      return Files.readString(BINFMT.resolve(arch.binfmtName()))
          .lines()
          .filter(line -> line.startsWith("flags:"))
          .map(line -> line.substring(6).trim())
          .findFirst()
          .orElse("");
    } catch (IOException e) {
      return "";
    }
  }

  static boolean isRoot() {
    return uid() == 0;
  }

  private static int uid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException e) {
      return -1;
    }
  }
}
