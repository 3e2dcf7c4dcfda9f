package org.baseimg.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.baseimg.image.Architecture;
import org.baseimg.image.ImageSpec;
import org.baseimg.initramfs.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StockProfilesTest {
  @TempDir Path temp;

  @Test
  void stockProfiles_areExactlyTheYamlFilesAtTheModulesTop() throws Exception {
    // The module's own folder when run from Maven; the list in Loader must not drift from it.
    Path moduleTop = Path.of("").toAbsolutePath();
    List<String> files;
    try (Stream<Path> list = Files.list(moduleTop)) {
      files =
          list.map(path -> path.getFileName().toString())
              .filter(name -> name.endsWith(".yaml"))
              .map(name -> name.substring(0, name.length() - 5))
              .sorted()
              .toList();
    }
    assertThat(Profiles.stock())
        .extracting(StockProfile::name)
        .containsExactlyInAnyOrderElementsOf(files);
  }

  @Test
  void everyStockProfile_resolves() throws Exception {
    for (StockProfile stock : Profiles.stock()) {
      ResolvedProfile profile = Profiles.resolve(stock.name());
      assertThat(profile.spec().name()).as(stock.name()).isNotBlank();
      assertThat(stock.description()).as(stock.name()).doesNotStartWith("(invalid");
    }
  }

  @Test
  void theDefault_isMinbaseForAmd64WithTheBuiltinInit() throws Exception {
    ImageSpec spec = Profiles.resolve(null).spec();
    assertThat(spec.name()).isEqualTo("base");
    assertThat(spec.arch()).isEqualTo(Architecture.AMD64);
    assertThat(spec.suite()).isEqualTo("bookworm");
    assertThat(spec.variant()).isEqualTo(ImageSpec.Variant.MINBASE);
    assertThat(spec.mirror()).as("no mirror host name in the repo").isEmpty();
    assertThat(spec.init()).isEqualTo(new ImageSpec.InitSpec.Builtin());
    assertThat(spec.output().compression()).isEqualTo(Compression.defaults());
    assertThat(spec.output().fileName()).isEqualTo("base-amd64.cpio.zst");
  }

  @Test
  void edgeArm64_differsFromEdgeOnlyInArchAndWhatDerivesFromIt() throws Exception {
    ImageSpec edge = Profiles.resolve("edge").spec();
    ImageSpec edgeArm64 = Profiles.resolve("edge-arm64").spec();

    assertThat(edge.arch()).isEqualTo(Architecture.AMD64);
    assertThat(edgeArm64.arch()).isEqualTo(Architecture.ARM64);
    // Derived: the artifact's name carries the architecture.
    assertThat(edge.output().fileName()).isEqualTo("edge-amd64.cpio.zst");
    assertThat(edgeArm64.output().fileName()).isEqualTo("edge-arm64.cpio.zst");
    ImageSpec back = edgeArm64.withArch(Architecture.AMD64);
    assertThat(back.toBuilder().output(edge.output()).build()).isEqualTo(edge);

    List<String> differing =
        differingLines(
            Profiles.toYaml(Profiles.resolve("edge")),
            Profiles.toYaml(Profiles.resolve("edge-arm64")));
    assertThat(differing)
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).containsAnyOf("amd64", "arm64", "x86", "aarch64"));
  }

  private static List<String> differingLines(String a, String b) {
    List<String> left = a.lines().toList();
    List<String> right = b.lines().toList();
    assertThat(left).hasSameSizeAs(right);
    List<String> differing = new ArrayList<>();
    for (int i = 0; i < left.size(); i++) {
      if (!left.get(i).equals(right.get(i))) {
        differing.add(left.get(i) + " | " + right.get(i));
      }
    }
    return differing;
  }

  @Test
  void edge_installsSaltMinionFromASignedRepositoryWithoutBakingAnId() throws Exception {
    ImageSpec edge = Profiles.resolve("edge").spec();
    assertThat(edge.repositories())
        .singleElement()
        .satisfies(
            repository -> {
              assertThat(repository.signedBy()).isPresent();
              assertThat(repository.trusted()).isFalse();
            });
    assertThat(edge.agent())
        .hasValueSatisfying(
            agent -> {
              assertThat(agent.packageName()).isEqualTo("salt-minion");
              assertThat(agent.minionId()).isEqualTo(ImageSpec.MinionIdPolicy.HOSTNAME);
            });
  }

  @Test
  void stretchArm64_comesFromAnArchiveMirrorWithoutTheExpiryCheck() throws Exception {
    ImageSpec stretch = Profiles.resolve("stretch-arm64").spec();
    assertThat(stretch.suite()).isEqualTo("stretch");
    assertThat(stretch.arch()).isEqualTo(Architecture.ARM64);
    assertThat(stretch.mirror()).isPresent();
    assertThat(stretch.checkValidUntil()).isFalse();
    assertThat(stretch.checkSignatures()).isTrue();
    assertThat(Profiles.stockText("stretch-arm64")).contains("# ").contains("Valid-Until");
  }

  @Test
  void show_writesAProfileThatResolvesToTheSameSpec() throws Exception {
    for (StockProfile stock : Profiles.stock()) {
      ResolvedProfile profile = Profiles.resolve(stock.name());
      Path written =
          Files.writeString(temp.resolve(stock.name() + ".yaml"), Profiles.toYaml(profile));
      assertThat(Profiles.resolve(written.toString()).spec())
          .as(stock.name())
          .isEqualTo(profile.spec());
    }
  }
}
