package org.baseimg.qemu;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.baseimg.BaseimgException;
import org.baseimg.event.EventListener;
import org.baseimg.fs.ImagePath;
import org.baseimg.initramfs.Compression;
import org.baseimg.initramfs.InitramfsWriter;
import org.baseimg.initramfs.PackOptions;
import org.baseimg.initramfs.RootfsEntry;
import org.baseimg.initramfs.RootfsException;
import org.baseimg.initramfs.RootfsSource;

/**
 * What one boot of an image shows beyond its marker, each promise of a boot set a named probe: the
 * console on the expected UART, the kernel release the manifest names, a 48-bit user address space,
 * the CPU's PMU registered for perf, the NIC's module loaded by modprobe and an address from QEMU's
 * DHCP server, the agent started. A probe script rides along as a second archive after the image's
 * (the kernel unpacks one after the other), as {@code /etc/baseimg/boot.d/99-probes}: the built-in
 * init runs it before its marker. The image itself is not changed.
 */
public final class BootProbes {
  /** Where the probe script goes in the image under test. */
  static final String SCRIPT = "etc/baseimg/boot.d/99-probes";

  /** 2^39: user mappings above it exist only with more than 39 bits of virtual address. */
  private static final long VA_39_BITS = 1L << 39;

  /** A probe's outcome. */
  public enum Status {
    PASSED,
    FAILED,
    SKIPPED
  }

  /**
   * One promise checked.
   *
   * @param name what is promised, e.g. {@code console on ttyAMA0}
   * @param status passed, failed, or skipped when it does not apply
   * @param detail what the boot showed
   */
  public record Probe(String name, Status status, String detail) {}

  /**
   * What the boot should show.
   *
   * @param arch the Debian architecture booted
   * @param console the console device, e.g. {@code ttyAMA0}
   * @param release the kernel release the manifest names, when it names one
   * @param nicModule the module that drives the test's NIC, when the image carries modules
   * @param agent the agent's program name, when the image has an enabled agent
   * @param dhcp whether the image brings its network up with DHCP at boot
   */
  public record Expectations(
      String arch,
      String console,
      Optional<String> release,
      Optional<String> nicModule,
      Optional<String> agent,
      boolean dhcp) {}

  private BootProbes() {}

  /** The kernel arguments that tell the probe script what to look for. */
  public static List<String> kernelArguments(Expectations expected) {
    List<String> arguments = new ArrayList<>();
    expected.nicModule().ifPresent(module -> arguments.add("baseimg.probe-module=" + module));
    expected.agent().ifPresent(agent -> arguments.add("baseimg.probe-agent=" + agent));
    return arguments;
  }

  /**
   * Writes {@code initramfs} followed by an archive holding the probe script to {@code target}:
   * what QEMU boots instead of {@code initramfs}.
   */
  public static Path withProbes(Path initramfs, Path target)
      throws BaseimgException, InterruptedException {
    try (OutputStream out = Files.newOutputStream(target)) {
      long size = Files.copy(initramfs, out);
      // The kernel reads cpio headers at 4-byte offsets of the whole file and skips zeros between
      // archives: pad a compressed artifact's odd length.
      out.write(new byte[(int) ((4 - size % 4) % 4)]);
      byte[] script;
      try (InputStream in = BootProbes.class.getResourceAsStream("probes.sh")) {
        script = in.readAllBytes();
      }
      List<RootfsEntry> entries =
          List.of(
              RootfsEntry.directory(ImagePath.of("/etc"), 0755, 0, 0, 0),
              RootfsEntry.directory(ImagePath.of("/etc/baseimg"), 0755, 0, 0, 0),
              RootfsEntry.directory(ImagePath.of("/etc/baseimg/boot.d"), 0755, 0, 0, 0),
              RootfsEntry.regular(
                  ImagePath.of("/" + SCRIPT),
                  0755,
                  0,
                  0,
                  0,
                  script.length,
                  () -> new java.io.ByteArrayInputStream(script)));
      InitramfsWriter.create(
              PackOptions.defaults().withCompression(Compression.none()).withBare(true),
              EventListener.NONE)
          .write(RootfsSource.of(entries, "boot-test probes"), out);
      return target;
    } catch (IOException | RootfsException e) {
      throw new BaseimgException("cannot add the boot-test probes: " + e.getMessage(), e);
    }
  }

  /** Each promise, judged from what {@code result}'s probes found. */
  public static List<Probe> evaluate(BootResult result, Expectations expected) {
    Map<String, String> found = result.probes();
    List<Probe> probes = new ArrayList<>();
    boolean ran = "yes".equals(found.get("finished"));
    String consoles = found.getOrDefault("consoles", "");
    probes.add(
        judge(
            "console on " + expected.console(),
            result.markerSeen() && consoles.contains(expected.console()),
            result.markerSeen()
                ? "consoles: " + consoles
                : "nothing reached the console: " + result.summary()));
    probes.add(
        expected
            .release()
            .map(
                release ->
                    judge(
                        "kernel release " + release,
                        release.equals(found.get("release")),
                        "uname -r: " + found.getOrDefault("release", "(not probed)")))
            .orElse(skipped("kernel release", "the manifest names no kernel")));
    boolean arm64 = expected.arch().equals("arm64");
    probes.add(
        arm64
            ? addressSpace(found.getOrDefault("stack", ""))
            : skipped("48-bit address space", "arm64 only"));
    String sources = found.getOrDefault("event_sources", "");
    probes.add(
        arm64
            ? judge("PMU for perf", sources.contains("armv8_pmuv3"), "event sources: " + sources)
            : skipped("PMU for perf", "arm64 only"));
    probes.add(
        expected
            .nicModule()
            .map(
                module ->
                    judge(
                        "modprobe " + module,
                        "ok".equals(found.get("modprobe"))
                            && !found.getOrDefault("interfaces", "").isBlank(),
                        "modprobe: "
                            + found.getOrDefault("modprobe", "(not probed)")
                            + ", interfaces: "
                            + found.getOrDefault("interfaces", "")))
            .orElse(skipped("NIC module", "the image carries no kernel modules")));
    String addresses = found.getOrDefault("addresses", "");
    probes.add(
        expected.dhcp()
            ? judge(
                "address from DHCP",
                !addresses.isBlank(),
                addresses.isBlank() ? "no address besides loopback" : "addresses: " + addresses)
            : skipped("address from DHCP", "the image brings no network up at boot"));
    probes.add(
        expected
            .agent()
            .map(
                agent ->
                    judge(
                        agent + " started",
                        !"0".equals(found.getOrDefault("agent_processes", "0")),
                        "processes: " + found.getOrDefault("agent_processes", "(not probed)")))
            .orElse(skipped("agent started", "the image has no enabled agent")));
    if (!ran) {
      probes.add(
          new Probe(
              "probes ran",
              Status.FAILED,
              "the probe script did not finish (an image with /sbin/init does not run boot.d)"));
    }
    return probes;
  }

  private static Probe addressSpace(String stack) {
    try {
      long start = Long.parseUnsignedLong(stack.strip(), 16);
      return judge(
          "48-bit address space",
          Long.compareUnsigned(start, VA_39_BITS) > 0,
          String.format(Locale.ROOT, "stack at 0x%x", start));
    } catch (NumberFormatException e) {
      return judge("48-bit address space", false, "no stack mapping probed");
    }
  }

  private static Probe judge(String name, boolean passed, String detail) {
    return new Probe(name, passed ? Status.PASSED : Status.FAILED, detail);
  }

  private static Probe skipped(String name, String why) {
    return new Probe(name, Status.SKIPPED, why);
  }

  /** The script that runs in the image, for tests. */
  static String script() throws IOException {
    try (InputStream in = BootProbes.class.getResourceAsStream("probes.sh")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
