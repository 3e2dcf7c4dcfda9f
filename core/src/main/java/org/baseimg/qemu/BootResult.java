package org.baseimg.qemu;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.baseimg.BaseimgException;

/**
 * What a boot test saw.
 *
 * @param markerSeen whether the console showed the marker line
 * @param markerLine the marker line from the marker on, e.g. {@code baseimg-init: userspace is up
 *     arch=aarch64}, when seen
 * @param reportedArch the {@code arch=} value of the marker line, e.g. {@code aarch64}, when it has
 *     one
 * @param timeToMarker from starting QEMU to the marker, when seen
 * @param consoleTail the last console lines (at most {@link QemuBoot#TAIL_LINES}), oldest first
 * @param probes what the boot-test probes found, {@code baseimg-probe: NAME=VALUE} lines by name
 * @param exitCode QEMU's exit status when it ended by itself (0 after the guest powered off), or
 *     {@code -1} when it was killed
 * @param timedOut whether the timeout ran out before the marker appeared
 * @param elapsed from starting QEMU to its end
 */
public record BootResult(
    boolean markerSeen,
    Optional<String> markerLine,
    Optional<String> reportedArch,
    Optional<Duration> timeToMarker,
    List<String> consoleTail,
    Map<String, String> probes,
    int exitCode,
    boolean timedOut,
    Duration elapsed) {
  public BootResult {
    consoleTail = List.copyOf(consoleTail);
    probes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(probes));
    if (markerSeen != markerLine.isPresent() || markerSeen != timeToMarker.isPresent()) {
      throw new IllegalArgumentException("a seen marker has a line and a time, an unseen one not");
    }
  }

  /** One line: what happened. */
  public String summary() {
    if (markerSeen) {
      return String.format(
          Locale.ROOT,
          "userspace up after %.1f s (%s)%s",
          timeToMarker.get().toMillis() / 1000.0,
          markerLine.get(),
          exitCode == 0 ? "" : exitCode < 0 ? "; qemu was stopped" : "; qemu exit " + exitCode);
    }
    String how =
        timedOut
            ? String.format(
                Locale.ROOT, "within %.0f s; qemu was stopped", elapsed.toMillis() / 1000.0)
            : String.format(
                Locale.ROOT,
                "before qemu exited with %d after %.1f s",
                exitCode,
                elapsed.toMillis() / 1000.0);
    String hint = hint();
    return "no boot marker on the console " + how + (hint.isEmpty() ? "" : "; " + hint);
  }

  /**
   * Throws unless the marker was seen, with the summary and the console's last lines in the
   * message.
   */
  public BootResult requireMarker() throws BaseimgException {
    if (!markerSeen) {
      throw new BaseimgException(
          "boot test failed: "
              + summary()
              + "\nlast console lines:\n  "
              + String.join("\n  ", consoleTail));
    }
    return this;
  }

  /** A likely cause found in the console's last lines, or {@code ""}. */
  private String hint() {
    for (String line : consoleTail) {
      if (line.contains("No working init found") || line.contains("Unable to mount root fs")) {
        return "the kernel found no /init in the initramfs (or could not run it)";
      }
      if (line.contains("Initramfs unpacking failed")) {
        return "the kernel could not unpack the initramfs (compression or format)";
      }
    }
    for (String line : consoleTail) {
      if (line.contains("Kernel panic")) {
        return "the kernel panicked: " + line.substring(line.indexOf("Kernel panic")).strip();
      }
    }
    if (consoleTail.isEmpty()) {
      return "the console stayed silent (wrong console= or a kernel for another architecture?)";
    }
    return "";
  }
}
