package org.baseimg.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the fake package with dpkg-deb itself; installing it is {@link FakeSaltMinionIT}. */
class FakeSaltMinionTest {
  @TempDir static Path shared;

  private static Path deb;

  @TempDir Path temp;

  @BeforeAll
  static void build() throws Exception {
    deb = FakeSaltMinion.build(shared);
  }

  @Test
  void build_namesTheFileAsDebianDoes() {
    assertThat(deb.getFileName()).hasToString("salt-minion_3007.1-0_all.deb");
  }

  @Test
  void build_listsTheOnedirLayoutOwnedByRoot() throws Exception {
    List<String> lines =
        NativeTools.run(List.of("dpkg-deb", "--contents", deb.toString())).stdoutLines();

    // "-rwxr-xr-x root/root 286 2026-01-01 00:00 ./opt/saltstack/salt/salt-minion"
    assertThat(lines)
        .allSatisfy(line -> assertThat(line).contains(" root/root "))
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("-rwxr-xr-x")
                    .endsWith(" ./opt/saltstack/salt/salt-minion"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("lrwxrwxrwx")
                    .endsWith(" ./usr/bin/salt-minion -> /opt/saltstack/salt/salt-minion"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("-rw-r--r--")
                    .endsWith(" ./lib/systemd/system/salt-minion.service"))
        .anySatisfy(
            line -> assertThat(line).startsWith("-rw-r--r--").endsWith(" ./etc/salt/minion"))
        .anySatisfy(
            line -> assertThat(line).startsWith("drwxr-xr-x").endsWith(" ./etc/salt/minion.d/"))
        .anySatisfy(
            line -> assertThat(line).startsWith("drwx------").endsWith(" ./etc/salt/pki/minion/"))
        .anySatisfy(
            line ->
                assertThat(line).startsWith("-rwxr-xr-x").endsWith(" ./etc/init.d/salt-minion"));
    // Build-time state comes from the postinst, never from the package.
    assertThat(lines).noneMatch(line -> line.contains("minion_id") || line.contains(".pem"));
  }

  @Test
  void build_controlIsArchitectureAllWithoutDependencies() throws Exception {
    String info = NativeTools.run(List.of("dpkg-deb", "--info", deb.toString())).stdout();

    assertThat(info)
        .contains(" Package: salt-minion\n", " Version: 3007.1-0\n", " Architecture: all\n")
        .contains("postinst", "conffiles")
        .doesNotContain("Depends:", "Pre-Depends:");
  }

  @Test
  void build_conffilesAreTheConfigAndTheInitScript() throws Exception {
    String conffiles =
        NativeTools.run(List.of("dpkg-deb", "--info", deb.toString(), "conffiles")).stdout();

    assertThat(conffiles.lines()).containsExactly("/etc/init.d/salt-minion", "/etc/salt/minion");
  }

  @Test
  void build_postinstEnablesTheUnitWritesStateAndStartsUnlessPolicyForbids() throws Exception {
    Path postinst = temp.resolve("postinst");
    Files.writeString(
        postinst,
        NativeTools.run(List.of("dpkg-deb", "--info", deb.toString(), "postinst")).stdout());

    assertThat(Files.readString(postinst))
        .contains(
            "ln -sf /lib/systemd/system/salt-minion.service \\\n"
                + "    /etc/systemd/system/multi-user.target.wants/salt-minion.service",
            "uname -n > /etc/salt/minion_id",
            "/etc/salt/pki/minion/minion.pem",
            "/etc/salt/pki/minion/minion.pub",
            "/usr/sbin/policy-rc.d salt-minion start",
            "/etc/init.d/salt-minion start");
    // Parses as a shell script (dash, the /bin/sh of the target).
    NativeTools.run(List.of("sh", "-n", postinst.toString()));
  }

  @Test
  void build_unitIsEnabledByMultiUserTargetAndRunsTheStub() throws Exception {
    Path root = temp.resolve("root");
    NativeTools.run(List.of("dpkg-deb", "--extract", deb.toString(), root.toString()));

    assertThat(root.resolve("lib/systemd/system/salt-minion.service"))
        .content()
        .contains("ExecStart=/usr/bin/salt-minion\n", "WantedBy=multi-user.target\n");
    assertThat(
            NativeTools.run(List.of(root + "/opt/saltstack/salt/salt-minion", "--version"))
                .stdout())
        .startsWith("salt-minion 3007.1");
    assertThat(root.resolve("etc/init.d/salt-minion"))
        .content()
        .contains("/var/lib/salt-fixture/service-started");
    assertThat(root.resolve("etc/salt/minion")).content().startsWith("#####");
  }

  @Test
  void build_twice_isByteIdentical() throws Exception {
    Path again = FakeSaltMinion.build(temp.resolve("again"));

    assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(deb));
  }
}
