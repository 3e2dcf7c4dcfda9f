package org.baseimg.builder.internal.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildContainerTest {

  @Test
  void privileges_triedLeastFirst_privilegedOnlyAfterTheCapabilitySets() {
    assertThat(BuildContainer.Privileges.values())
        .containsExactly(
            BuildContainer.Privileges.LEAST,
            BuildContainer.Privileges.CAPABILITIES_UNCONFINED,
            BuildContainer.Privileges.PRIVILEGED,
            BuildContainer.Privileges.ALL_BUT_SYS_RESOURCE);
  }

  @Test
  void capabilities_dropEverythingAndAddOnlyMountDevicesChrootAndFileOwnership() {
    HostConfig config = BuildContainer.Privileges.LEAST.apply(HostConfig.newHostConfig());

    assertThat(config.getCapDrop()).containsExactly(Capability.ALL);
    assertThat(config.getCapAdd())
        .hasSize(11)
        .contains(Capability.SYS_ADMIN, Capability.SYS_CHROOT, Capability.MKNOD, Capability.CHOWN)
        .doesNotContain(
            Capability.ALL,
            Capability.NET_ADMIN,
            Capability.NET_RAW,
            Capability.SYS_MODULE,
            Capability.SYS_PTRACE,
            Capability.SYS_RESOURCE,
            Capability.SYS_TIME);
    assertThat(config.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(config.getSecurityOpts()).isNull();
  }

  @Test
  void allButSysResource_isWhatHostsThatRefusePrivilegedAccept() {
    HostConfig config =
        BuildContainer.Privileges.ALL_BUT_SYS_RESOURCE.apply(HostConfig.newHostConfig());

    assertThat(config.getCapAdd()).containsExactly(Capability.ALL);
    assertThat(config.getCapDrop()).containsExactly(Capability.SYS_RESOURCE);
    assertThat(config.getSecurityOpts())
        .isEqualTo(List.of("seccomp=unconfined", "apparmor=unconfined"));
    assertThat(config.getPrivileged()).isNotEqualTo(Boolean.TRUE);
  }

  @Test
  void probe_triesMountDevicesChownAndChroot() {
    assertThat(BuildContainer.PROBE.text())
        .contains("mount -t proc")
        .contains("mknod")
        .contains("chown")
        .contains("chroot / true")
        .contains("\nset -e\n");
  }
}
