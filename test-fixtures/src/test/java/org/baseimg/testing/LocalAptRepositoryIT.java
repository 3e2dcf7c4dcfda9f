package org.baseimg.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Needs root and binfmt qemu-aarch64: the arm64 apt of a real minbase, in a chroot, installs the
 * fake salt-minion from the repository, as {@code baseimg build} will.
 */
class LocalAptRepositoryIT {
  @Test
  void aptGetInstall_arm64ChrootWithPolicyRcD_installsFromTheRepository() throws Exception {
    Privileges.requireRoot("chroot into an arm64 minbase");
    try (LocalAptRepository repository =
            LocalAptRepository.withFakeSaltMinion(List.of("arm64", "amd64"));
        ChrootCopy chroot = ChrootCopy.ofArm64Minbase()) {
      Path keyrings = Files.createDirectories(chroot.resolve("/etc/apt/keyrings"));
      Files.copy(repository.publicKey(), keyrings.resolve("salt.gpg"));
      Files.writeString(
          chroot.resolve("/etc/apt/sources.list.d/salt.list"),
          repository.sourcesListLine("/etc/apt/keyrings/salt.gpg") + "\n");
      chroot.writePolicyRcD(101);
      // Only the local repository: the minbase's own sources point at Debian's mirror.
      String onlyLocal = "Dir::Etc::SourceList=/dev/null";

      NativeTools.Result update = chroot.run("apt-get", "-o", onlyLocal, "update");
      NativeTools.Result install =
          chroot.run(
              "env",
              "DEBIAN_FRONTEND=noninteractive",
              "apt-get",
              "-o",
              onlyLocal,
              "install",
              "--yes",
              "salt-minion");

      assertThat(update.stderr()).isEmpty();
      assertThat(install.stdout()).contains("policy-rc.d forbids starting salt-minion");
      assertThat(chroot.run("dpkg-query", "-W", "-f=${Status}", "salt-minion").stdout())
          .isEqualTo("install ok installed");
      assertThat(chroot.resolve(FakeSaltMinion.EVIDENCE_FILE)).doesNotExist();
      assertThat(repository.requests())
          .contains(
              "GET /dists/stable/InRelease 200",
              "GET /pool/main/s/salt-minion/" + FakeSaltMinion.FILE_NAME + " 200");
    }
  }
}
