package org.baseimg.builder.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.baseimg.event.Event;
import org.junit.jupiter.api.Test;

class PackageProgressTest {
  private final List<Event> seen = new ArrayList<>();
  private final PackageProgress progress = new PackageProgress(seen::add);

  private void lines(String source, String... lines) {
    for (String line : lines) {
      progress.on(new Event.ToolOutput(source, line));
    }
  }

  private List<Event> added() {
    return seen.stream().filter(e -> !(e instanceof Event.ToolOutput)).toList();
  }

  @Test
  void debootstrap_countsPackagesFetchedOrValidated_thenUnpacksAndConfiguresOfTwiceThat() {
    // As debootstrap 1.0.128 prints them (functions: info RETRIEVING, VALIDATING, dpkg_progress).
    lines(
        "debootstrap",
        "I: Retrieving InRelease ",
        "I: Checking Release signature",
        "I: Retrieving Packages ",
        "I: Validating Packages ",
        "I: Resolving dependencies of required packages...",
        "I: Retrieving base-files 12.4+deb12u8",
        "I: Validating base-files 12.4+deb12u8",
        "I: Validating libc6 2.36-9+deb12u9",
        "I: Extracting base-files...",
        "I: Extracting libc6...");
    lines(
        "debootstrap second stage (emulated)",
        "I: Installing core packages...",
        "I: Unpacking required packages...",
        "I: Unpacking base-files...",
        "I: Unpacking libc6...",
        "I: Configuring required packages...",
        "I: Configuring base-files...",
        "I: Configuring libc6...",
        "I: Base system installed successfully.");

    assertThat(added())
        .containsExactly(
            new Event.PhaseStarted(PackageProgress.DEBOOTSTRAP, 4, PackageProgress.UNIT),
            new Event.Progress(PackageProgress.DEBOOTSTRAP, 1, 4),
            new Event.Progress(PackageProgress.DEBOOTSTRAP, 2, 4),
            new Event.Progress(PackageProgress.DEBOOTSTRAP, 3, 4),
            new Event.Progress(PackageProgress.DEBOOTSTRAP, 4, 4));
    assertThat(seen).hasSize(added().size() + 18);
  }

  @Test
  void apt_takesItsTotalFromTheSummary_andCountsDpkgsUnpackingAndSettingUp() {
    lines(
        "apt-get install",
        "Reading package lists...",
        "The following NEW packages will be installed:",
        "  dhcpcd-base kmod",
        "0 upgraded, 2 newly installed, 0 to remove and 0 not upgraded.",
        "Selecting previously unselected package dhcpcd-base.",
        "(Reading database ... 5%",
        "Preparing to unpack .../dhcpcd-base_1%3a9.4.1-24~deb12u4_arm64.deb ...",
        "Unpacking dhcpcd-base (1:9.4.1-24~deb12u4) ...",
        "Unpacking kmod (30+20221128-1) ...",
        "Setting up kmod (30+20221128-1) ...",
        "Setting up dhcpcd-base (1:9.4.1-24~deb12u4) ...",
        "Processing triggers for libc-bin (2.36-9+deb12u9) ...");

    assertThat(added())
        .containsExactly(
            new Event.PhaseStarted(PackageProgress.APT, 4, PackageProgress.UNIT),
            new Event.Progress(PackageProgress.APT, 1, 4),
            new Event.Progress(PackageProgress.APT, 2, 4),
            new Event.Progress(PackageProgress.APT, 3, 4),
            new Event.Progress(PackageProgress.APT, 4, 4));
  }

  @Test
  void nothingToInstall_andLinesOutsideAPhase_addNothing() {
    lines(
        "apt-get install",
        "Setting up kmod (30+20221128-1) ...",
        "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.",
        "Unpacking kmod (30+20221128-1) ...");

    assertThat(added()).isEmpty();
    assertThat(seen).hasSize(3);
  }
}
