package org.baseimg.kconfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.baseimg.BaseimgException;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.image.Architecture;
import org.baseimg.internal.Processes;

/**
 * The tools whose answers decide a generated config, found and their versions recorded: Kconfig
 * asks the cross compiler what it supports ({@code CC_HAS_*}, {@code GCC_VERSION}), the 32-bit
 * compat compiler decides {@code COMPAT_VDSO} on arm64, and pahole's version decides {@code
 * DEBUG_INFO_BTF}. The same inputs with another toolchain give another config.
 *
 * @param arch the target
 * @param crossCompile {@code CROSS_COMPILE}, e.g. {@code aarch64-linux-gnu-}
 * @param crossGcc the first line of {@code <crossCompile>gcc --version}
 * @param compatCrossCompile {@code CROSS_COMPILE_COMPAT} (arm64's 32-bit vDSO), if any
 * @param compatGcc the first line of its gcc's {@code --version}, if any
 * @param pahole {@code pahole --version}, if pahole is installed
 * @param hostGcc the host's {@code gcc --version}, which builds kconfig's own programs
 * @param make {@code make --version}'s first line
 */
public record Toolchain(
    Architecture arch,
    String crossCompile,
    String crossGcc,
    Optional<String> compatCrossCompile,
    Optional<String> compatGcc,
    Optional<String> pahole,
    String hostGcc,
    String make) {

  /** The compat prefix baseimg looks for on arm64 when none is given. */
  public static final String DEFAULT_ARM64_COMPAT = "arm-linux-gnueabihf-";

  public Toolchain {
    if (arch == null
        || crossCompile == null
        || crossGcc == null
        || hostGcc == null
        || make == null) {
      throw new IllegalArgumentException("a toolchain needs its architecture, compilers and make");
    }
    if (compatCrossCompile == null || compatGcc == null || pahole == null) {
      throw new IllegalArgumentException("use Optional.empty() for a missing tool");
    }
  }

  /**
   * Finds the toolchain for {@code arch} on this host.
   *
   * @param compat {@code CROSS_COMPILE_COMPAT}: a prefix, {@code none} for no compat vDSO, or empty
   *     to take {@link #DEFAULT_ARM64_COMPAT} on arm64 when its gcc is installed
   * @throws BaseimgException naming the Debian package to install for each missing tool
   */
  public static Toolchain detect(Architecture arch, Optional<String> compat, EventListener events)
      throws BaseimgException, InterruptedException {
    return detect(arch, compat, KconfigSuggestions.LIBRARY, events);
  }

  /**
   * Finds the toolchain for {@code arch} on this host; a missing compat compiler's message ends
   * with {@code suggestions}' way to do without it.
   *
   * @param compat {@code CROSS_COMPILE_COMPAT}: a prefix, {@code none} for no compat vDSO, or empty
   *     to take {@link #DEFAULT_ARM64_COMPAT} on arm64 when its gcc is installed
   * @throws BaseimgException naming the Debian package to install for each missing tool
   */
  public static Toolchain detect(
      Architecture arch,
      Optional<String> compat,
      KconfigSuggestions suggestions,
      EventListener events)
      throws BaseimgException, InterruptedException {
    String crossCompile = arch.crossCompilePrefix();
    String crossGcc =
        version(crossCompile + "gcc", "apt-get install gcc-" + crossCompile.replaceAll("-$", ""))
            .orElseThrow();
    String hostGcc = version("gcc", "apt-get install gcc").orElseThrow();
    String make = version("make", "apt-get install make").orElseThrow();
    version("flex", "apt-get install flex").orElseThrow();
    version("bison", "apt-get install bison").orElseThrow();
    Optional<String> compatPrefix = compat.filter(prefix -> !prefix.equals("none"));
    Optional<String> compatGcc = Optional.empty();
    if (compatPrefix.isPresent()) {
      compatGcc =
          version(compatPrefix.get() + "gcc", "install it, or " + suggestions.withoutCompatVdso());
    } else if (compat.isEmpty() && arch == Architecture.ARM64) {
      compatGcc = optionalVersion(DEFAULT_ARM64_COMPAT + "gcc");
      if (compatGcc.isPresent()) {
        compatPrefix = Optional.of(DEFAULT_ARM64_COMPAT);
      } else {
        events.on(
            new Event.Warning(
                "no "
                    + DEFAULT_ARM64_COMPAT
                    + "gcc: COMPAT_VDSO (the vDSO for 32-bit programs) will be off; apt-get install"
                    + " gcc-arm-linux-gnueabihf to have it"));
      }
    }
    Optional<String> pahole = optionalVersion("pahole");
    if (pahole.isEmpty()) {
      events.on(
          new Event.Warning(
              "no pahole: DEBUG_INFO_BTF will be off; apt-get install dwarves to have it"));
    }
    return new Toolchain(
        arch, crossCompile, crossGcc, compatPrefix, compatGcc, pahole, hostGcc, make);
  }

  /** The {@code make} variables that pass this toolchain on. */
  public List<String> makeVariables() {
    List<String> variables = new ArrayList<>();
    variables.add("ARCH=" + arch.kernelArch());
    variables.add("CROSS_COMPILE=" + crossCompile);
    compatCrossCompile.ifPresent(prefix -> variables.add("CROSS_COMPILE_COMPAT=" + prefix));
    return variables;
  }

  /** One line per tool, for reports. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add(crossCompile + "gcc: " + crossGcc);
    lines.add(
        "compat: "
            + compatCrossCompile
                .map(prefix -> prefix + "gcc: " + compatGcc.orElse("?"))
                .orElse("none"));
    lines.add("pahole: " + pahole.orElse("none"));
    lines.add("host gcc: " + hostGcc);
    lines.add("make: " + make);
    return lines;
  }

  private static Optional<String> version(String tool, String install)
      throws BaseimgException, InterruptedException {
    Optional<String> found = optionalVersion(tool);
    if (found.isEmpty()) {
      throw new BaseimgException(tool + " is not installed; " + install);
    }
    return found;
  }

  private static Optional<String> optionalVersion(String tool)
      throws BaseimgException, InterruptedException {
    Processes.Result result;
    try {
      result =
          Processes.runAllowingFailure(
              Processes.Command.of(tool, tool, "--version"), EventListener.NONE, true);
    } catch (BaseimgException e) {
      return Optional.empty(); // not on PATH
    }
    if (result.exitCode() != 0 || result.output().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(result.output().get(0).strip());
  }
}
