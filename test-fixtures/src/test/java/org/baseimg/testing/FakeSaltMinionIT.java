package org.baseimg.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Needs root and binfmt qemu-aarch64: installs the fake package with dpkg into copies of a real
 * arm64 minbase, to prove that its evidence of a service start appears exactly when nothing forbids
 * the start.
 */
class FakeSaltMinionIT {
  @TempDir static Path shared;

  private static Path deb;

  @BeforeAll
  static void build() throws Exception {
    Privileges.requireRoot("chroot into an arm64 minbase");
    deb = FakeSaltMinion.build(shared);
  }

  @Test
  void dpkgInstall_withoutPolicyRcD_startsTheServiceAndLeavesEvidence() throws Exception {
    try (ChrootCopy chroot = ChrootCopy.ofArm64Minbase()) {
      Files.copy(deb, chroot.resolve("/tmp/salt-minion.deb"));

      NativeTools.Result install = chroot.run("dpkg", "-i", "/tmp/salt-minion.deb");

      assertThat(install.stdout()).contains("Starting salt-minion (fake)");
      assertThat(chroot.resolve(FakeSaltMinion.EVIDENCE_FILE))
          .content()
          .matches("started \\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z\n");
      assertInstalledWithBuildTimeState(chroot);
    }
  }

  @Test
  void dpkgInstall_policyRcDExit101_startsNothingButWritesBuildTimeState() throws Exception {
    try (ChrootCopy chroot = ChrootCopy.ofArm64Minbase()) {
      chroot.writePolicyRcD(101);
      Files.copy(deb, chroot.resolve("/tmp/salt-minion.deb"));

      NativeTools.Result install = chroot.run("dpkg", "-i", "/tmp/salt-minion.deb");

      assertThat(install.stdout()).contains("policy-rc.d forbids starting salt-minion");
      assertThat(chroot.resolve(FakeSaltMinion.EVIDENCE_FILE)).doesNotExist();
      assertThat(chroot.resolve("/var/lib/salt-fixture")).doesNotExist();
      assertInstalledWithBuildTimeState(chroot);
    }
  }

  /**
   * Why the postinst asks policy-rc.d itself: in a chroot without an init system, invoke-rc.d
   * blocks every start on its own (and exits 0), so a builder without policy-rc.d would pass.
   */
  @Test
  void invokeRcD_chrootWithoutInitOrPolicyRcD_refusesToStartOnItsOwn() throws Exception {
    try (ChrootCopy chroot = ChrootCopy.ofArm64Minbase()) {
      chroot.writePolicyRcD(101);
      Files.copy(deb, chroot.resolve("/tmp/salt-minion.deb"));
      chroot.run("dpkg", "-i", "/tmp/salt-minion.deb");
      Files.delete(chroot.resolve("/usr/sbin/policy-rc.d"));

      NativeTools.Result invoke = chroot.run("invoke-rc.d", "salt-minion", "start");

      assertThat(invoke.stderr()).contains("No init system and policy-rc.d missing");
      assertThat(chroot.resolve(FakeSaltMinion.EVIDENCE_FILE)).doesNotExist();
    }
  }

  private static void assertInstalledWithBuildTimeState(ChrootCopy chroot) throws Exception {
    assertThat(chroot.run("dpkg-query", "-W", "-f=${Status} ${Version}", "salt-minion").stdout())
        .isEqualTo("install ok installed 3007.1-0");
    String hostName = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    assertThat(chroot.resolve(FakeSaltMinion.MINION_ID_FILE)).content().isEqualTo(hostName + "\n");
    assertThat(chroot.resolve(FakeSaltMinion.PRIVATE_KEY_FILE)).content().contains("PRIVATE KEY");
    assertThat(chroot.resolve(FakeSaltMinion.PUBLIC_KEY_FILE)).content().contains("PUBLIC KEY");
    Path link = chroot.resolve(FakeSaltMinion.ENABLED_UNIT_LINK);
    assertThat(Files.readSymbolicLink(link)).hasToString(FakeSaltMinion.UNIT_FILE);
    assertThat(chroot.run("/usr/bin/salt-minion", "--version").stdout())
        .startsWith("salt-minion 3007.1");
  }
}
