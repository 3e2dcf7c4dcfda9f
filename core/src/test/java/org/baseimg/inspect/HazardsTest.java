package org.baseimg.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.baseimg.inspect.Hazards.Hazard;
import org.baseimg.inspect.Hazards.Kind;
import org.baseimg.testing.DpkgImageTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HazardsTest {
  @TempDir Path temp;

  /** Debian 12's loader configuration for {@code triplet}, as libc-bin and libc6 ship it. */
  private static DpkgImageTree.Builder loaderConfig(DpkgImageTree.Builder tree, String triplet) {
    return tree.file("/etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n\n")
        .file("/etc/ld.so.conf.d/libc.conf", "# libc default configuration\n/usr/local/lib\n")
        .file(
            "/etc/ld.so.conf.d/" + triplet + ".conf",
            "# Multiarch support\n/usr/local/lib/"
                + triplet
                + "\n/lib/"
                + triplet
                + "\n/usr/lib/"
                + triplet
                + "\n");
  }

  private Hazards hazardsOf(DpkgImageTree.Builder tree, String name) throws Exception {
    Path root = tree.build(temp.resolve(name));
    return Hazards.of(PackageUsageTest.pack(root, temp.resolve(name + ".cpio")));
  }

  @Test
  void aLocalLibraryTheMultiarchDirectoryHides_onArm64Only() throws Exception {
    String ssl = "/usr/lib/%s/libssl.so.3";
    DpkgImageTree.Builder arm64 =
        loaderConfig(DpkgImageTree.builder().usrMerged(), "aarch64-linux-gnu")
            .install("libssl3", "3.0.15-1", Map.of(ssl.formatted("aarch64-linux-gnu"), "debian"))
            .file("/usr/local/lib/libssl.so.3", "local build");
    DpkgImageTree.Builder amd64 =
        loaderConfig(DpkgImageTree.builder().usrMerged(), "x86_64-linux-gnu")
            .install("libssl3", "3.0.15-1", Map.of(ssl.formatted("x86_64-linux-gnu"), "debian"))
            .file("/usr/local/lib/libssl.so.3", "local build");

    List<Hazard> onArm64 = hazardsOf(arm64, "arm64").findings();

    assertThat(onArm64).hasSize(1);
    assertThat(onArm64.get(0).kind()).isEqualTo(Kind.SHADOWED_LIBRARY);
    assertThat(onArm64.get(0).path()).isEqualTo("/usr/local/lib/libssl.so.3");
    assertThat(onArm64.get(0).finding())
        .contains("/lib/aarch64-linux-gnu/libssl.so.3")
        .contains("/etc/ld.so.conf.d/aarch64-linux-gnu.conf");
    assertThat(onArm64.get(0).advice()).contains("/usr/local/lib/aarch64-linux-gnu");
    assertThat(hazardsOf(amd64, "amd64").findings()).isEmpty();
  }

  @Test
  void aProgramAPostinstGivesFileCapabilities() throws Exception {
    // iputils-ping 3:20221126-1's postinst, as Debian 12 ships it.
    String postinst =
        """
        #!/bin/sh
        set -e
        if [ "$1" = configure ]; then
            if command -v setcap > /dev/null; then
                if setcap cap_net_raw+ep /bin/ping; then
                    chmod u-s /bin/ping
                else
                    echo "Setcap failed on /bin/ping, falling back to setuid" >&2
                    chmod u+s /bin/ping
                fi
            else
                chmod u+s /bin/ping
            fi
        fi
        """;
    DpkgImageTree.Builder tree =
        DpkgImageTree.builder()
            .usrMerged()
            .install("iputils-ping", "3:20221126-1", Map.of("/bin/ping", "ping"))
            .file("/var/lib/dpkg/info/iputils-ping.postinst", postinst);

    List<Hazard> found = hazardsOf(tree, "ping").findings();

    assertThat(found).hasSize(1);
    assertThat(found.get(0).kind()).isEqualTo(Kind.FILE_CAPABILITIES);
    assertThat(found.get(0).path()).isEqualTo("/bin/ping");
    assertThat(found.get(0).finding())
        .startsWith("iputils-ping's postinst")
        .contains("cap_net_raw+ep")
        .contains("LD_LIBRARY_PATH");
  }

  @Test
  void goPrograms_byTheGoLinkersBuildInfo_evenAcrossAReadBuffer() throws Exception {
    byte[] magic = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
    byte[] program = new byte[200_000];
    program[0] = 0x7f;
    program[1] = 'E';
    program[2] = 'L';
    program[3] = 'F';
    // Straddles the searcher's 64 KiB buffers (the first 4 bytes are read apart).
    System.arraycopy(magic, 0, program, 4 + 65_536 - 5, magic.length);
    byte[] notElf = program.clone();
    notElf[0] = '#';
    byte[] cProgram = new byte[200_000];
    System.arraycopy(program, 0, cProgram, 0, 4);
    Path root = DpkgImageTree.builder().usrMerged().build(temp.resolve("go"));
    Files.write(root.resolve("usr/bin/agent"), program);
    Files.write(root.resolve("usr/bin/script"), notElf);
    Files.write(root.resolve("usr/bin/c-program"), cProgram);

    List<Hazard> found =
        Hazards.of(PackageUsageTest.pack(root, temp.resolve("go.cpio"))).findings();

    assertThat(found).extracting(Hazard::path).containsExactly("/usr/bin/agent");
    assertThat(found.get(0).kind()).isEqualTo(Kind.GO_PROGRAM);
    assertThat(found.get(0).advice()).contains("GODEBUG=asyncpreemptoff=1");
  }

  @Test
  void toJson_namesKindsInLowerCase() throws Exception {
    Hazards hazards =
        new Hazards(List.of(new Hazard(Kind.GO_PROGRAM, "/usr/bin/agent", "a Go program", "pin")));

    assertThat(hazards.toJson()).contains("\"kind\": \"go-program\"");
  }
}
