package org.baseimg.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BootProbesTest {
  private static final BootProbes.Expectations SERVER =
      new BootProbes.Expectations(
          "arm64",
          "ttyAMA0",
          Optional.of("6.1.0-50-cloud-arm64"),
          Optional.of("virtio_net"),
          Optional.of("salt-minion"),
          true);

  private static BootResult boot(Map<String, String> probes) {
    return new BootResult(
        true,
        Optional.of("baseimg-init: userspace is up arch=aarch64"),
        Optional.of("aarch64"),
        Optional.of(Duration.ofSeconds(5)),
        List.of(),
        probes,
        0,
        false,
        Duration.ofSeconds(6));
  }

  private static Map<String, String> everythingKept() {
    Map<String, String> found = new LinkedHashMap<>();
    found.put("release", "6.1.0-50-cloud-arm64");
    found.put("consoles", "ttyAMA0");
    found.put("stack", "ffffdf887000");
    found.put("event_sources", "armv8_pmuv3 breakpoint software");
    found.put("modprobe", "ok");
    found.put("interfaces", "eth0");
    found.put("addresses", "10.0.2.15");
    found.put("agent_processes", "1");
    found.put("finished", "yes");
    return found;
  }

  private static Map<String, BootProbes.Status> statuses(List<BootProbes.Probe> probes) {
    Map<String, BootProbes.Status> statuses = new LinkedHashMap<>();
    probes.forEach(p -> statuses.put(p.name(), p.status()));
    return statuses;
  }

  @Test
  void evaluate_everyPromiseKept_passesEachNamedProbe() {
    List<BootProbes.Probe> probes = BootProbes.evaluate(boot(everythingKept()), SERVER);

    assertThat(statuses(probes))
        .containsOnlyKeys(
            "console on ttyAMA0",
            "kernel release 6.1.0-50-cloud-arm64",
            "48-bit address space",
            "PMU for perf",
            "modprobe virtio_net",
            "address from DHCP",
            "salt-minion started")
        .allSatisfy((name, status) -> assertThat(status).isEqualTo(BootProbes.Status.PASSED));
  }

  @Test
  void evaluate_39BitStackNoPmuOtherRelease_failsThoseProbesOnly() {
    Map<String, String> found = everythingKept();
    found.put("stack", "7ffd3000"); // below 2^39
    found.put("event_sources", "breakpoint software");
    found.put("release", "6.1.0-50-arm64");

    Map<String, BootProbes.Status> statuses = statuses(BootProbes.evaluate(boot(found), SERVER));

    assertThat(statuses)
        .containsEntry("48-bit address space", BootProbes.Status.FAILED)
        .containsEntry("PMU for perf", BootProbes.Status.FAILED)
        .containsEntry("kernel release 6.1.0-50-cloud-arm64", BootProbes.Status.FAILED)
        .containsEntry("console on ttyAMA0", BootProbes.Status.PASSED)
        .containsEntry("address from DHCP", BootProbes.Status.PASSED);
  }

  @Test
  void evaluate_imageWithoutKernelModulesAgentOrDhcp_skipsWhatDoesNotApply() {
    BootProbes.Expectations base =
        new BootProbes.Expectations(
            "arm64", "ttyAMA0", Optional.empty(), Optional.empty(), Optional.empty(), false);

    List<BootProbes.Probe> probes = BootProbes.evaluate(boot(everythingKept()), base);

    assertThat(probes)
        .filteredOn(p -> p.status() == BootProbes.Status.SKIPPED)
        .extracting(BootProbes.Probe::name)
        .containsExactly("kernel release", "NIC module", "address from DHCP", "agent started");
    assertThat(BootProbes.kernelArguments(base)).isEmpty();
    assertThat(BootProbes.kernelArguments(SERVER))
        .containsExactly("baseimg.probe-module=virtio_net", "baseimg.probe-agent=salt-minion");
  }

  @Test
  void evaluate_scriptNeverRan_saysSo() {
    Map<String, String> found = new LinkedHashMap<>();

    assertThat(BootProbes.evaluate(boot(found), SERVER))
        .anySatisfy(
            probe -> {
              assertThat(probe.name()).isEqualTo("probes ran");
              assertThat(probe.status()).isEqualTo(BootProbes.Status.FAILED);
            });
  }
}
