package org.baseimg.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.baseimg.image.ImageSpec;
import org.baseimg.initramfs.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileFeaturesTest {
  @TempDir Path temp;

  private static ImageSpec valid(String name) throws Exception {
    return Profiles.resolve(TestProfiles.directory("valid").resolve(name).toString()).spec();
  }

  @Test
  void extends_appendsWithPlusAndMergesMappingsKeyByKey() throws Exception {
    ImageSpec web = valid("web-arm64.yaml");
    assertThat(web.packages()).containsExactly("ca-certificates", "nginx", "openssh-server");
    assertThat(web.agent())
        .hasValueSatisfying(
            agent -> {
              assertThat(agent.packageName()).as("inherited from edge").isEqualTo("salt-minion");
              assertThat(agent.grains())
                  .as("grains replaced as a whole mapping? no: merged")
                  .containsKey("tier");
            });
    assertThat(web.repositories()).as("inherited").hasSize(1);
    assertThat(web.build().environment()).isEqualTo(ImageSpec.Environment.HOST);
  }

  @Test
  void yamlBooleanWords_stayStringsInStringFields() throws Exception {
    ImageSpec web = valid("web-arm64.yaml");
    assertThat(web.agent().orElseThrow().master()).isEqualTo("on");
    assertThat(web.agent().orElseThrow().grains())
        .containsEntry("tier", "no")
        .containsEntry("role", "edge");
  }

  @Test
  void files_resolveRelativeToTheProfileAndKeepAllModeBits() throws Exception {
    ImageSpec web = valid("web-arm64.yaml");
    Path motd = TestProfiles.directory("valid").resolve("files/motd");
    assertThat(web.files()).hasSize(2);
    assertThat(web.files().get(0).source()).isEqualTo(motd);
    assertThat(web.files().get(0).mode()).isEqualTo(0644);
    assertThat(web.files().get(1).mode()).isEqualTo(04755);
    assertThat(web.files().get(1).owner()).isEqualTo("0");
  }

  @Test
  void output_fileTemplateAndLevelAreApplied() throws Exception {
    ImageSpec web = valid("web-arm64.yaml");
    assertThat(web.output().compression()).isEqualTo(Compression.of(Compression.Format.XZ, 9));
    assertThat(web.output().fileName()).isEqualTo("web-arm64-bookworm.img");
  }

  @Test
  void kernel_stockNamesStay_fragmentPathsResolveRelativeToTheProfile() throws Exception {
    ImageSpec.KernelSpec kernel = valid("kernel-arm64.yaml").kernel().orElseThrow();
    assertThat(kernel.base()).isEqualTo("debian-6.1");
    assertThat(kernel.fragments())
        .startsWith("serial-console", "perf", "va-48bit")
        .last()
        .asString()
        .endsWith("valid/kernel/team.config");
    assertThat(Path.of(kernel.fragments().get(3))).isAbsolute().exists();
    assertThat(kernel.source()).isEmpty();
  }

  @Test
  void nullRemovesAnInheritedValue() throws Exception {
    ImageSpec plain = valid("no-agent.yaml");
    assertThat(plain.agent()).isEmpty();
    assertThat(plain.repositories()).hasSize(1);
    assertThat(plain.init()).isInstanceOf(ImageSpec.InitSpec.File.class);
  }

  @Test
  void absoluteHostPathThatIsMissing_isAWarningNotAnError() throws Exception {
    Path profile =
        Files.writeString(temp.resolve("p.yaml"), "name: p\nkeyring: /nonexistent/keyring.gpg\n");
    ResolvedProfile resolved = Profiles.resolve(profile.toString());
    assertThat(resolved.warnings())
        .singleElement()
        .asString()
        .contains("p.yaml:2:10: keyring: /nonexistent/keyring.gpg does not exist on this host");
  }

  @Test
  void levelTheCompressorRefuses_isAnError() throws Exception {
    Path profile =
        Files.writeString(
            temp.resolve("p.yaml"), "name: p\noutput:\n  compression: gzip\n  level: 12\n");
    InvalidProfileException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            InvalidProfileException.class, () -> Profiles.resolve(profile.toString()));
    assertThat(e.problems())
        .singleElement()
        .asString()
        .isEqualTo(profile + ":4:10: output.level: gzip level 12 is out of range; use 1..9");
  }

  @Test
  void build_cacheFromAndCacheTo_areReadAndShownByProfileShow() throws Exception {
    Path file = TestProfiles.directory("valid").resolve("cache-shared.yaml");
    ResolvedProfile resolved = Profiles.resolve(file.toString());

    assertThat(resolved.spec().build().cacheFrom()).contains("127.0.0.1:5000/baseimg/cache");
    assertThat(resolved.spec().build().cacheTo())
        .contains("registry.example.internal/team/baseimg-cache");
    assertThat(Profiles.toYaml(resolved))
        .contains("cache-from: 127.0.0.1:5000/baseimg/cache\n")
        .contains("cache-to: registry.example.internal/team/baseimg-cache\n");
    assertThat(valid("web-arm64.yaml").build().cacheFrom()).isEmpty();
  }
}
