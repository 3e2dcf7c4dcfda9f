package org.baseimg.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.packageurl.PackageURL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.baseimg.fs.ImagePath;
import org.baseimg.testing.SbomValidators;
import org.junit.jupiter.api.Test;

class SbomsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode spdx(SbomInput input) throws Exception {
    return JSON.readTree(Sboms.spdx(input));
  }

  static JsonNode cycloneDx(SbomInput input) throws Exception {
    return JSON.readTree(Sboms.cycloneDx(input));
  }

  static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  /** The SPDX document's Debian packages by SPDX id. */
  static Map<String, JsonNode> spdxDebs(JsonNode document) {
    Map<String, JsonNode> debs = new TreeMap<>();
    for (JsonNode p : list(document.get("packages"))) {
      if (p.get("SPDXID").asText().startsWith("SPDXRef-deb-")) {
        debs.put(p.get("SPDXID").asText(), p);
      }
    }
    return debs;
  }

  /** The BOM's Debian packages by purl. */
  static Map<String, JsonNode> cycloneDxDebs(JsonNode bom) {
    Map<String, JsonNode> debs = new TreeMap<>();
    for (JsonNode c : list(bom.get("components"))) {
      if (c.has("purl")) {
        debs.put(c.get("purl").asText(), c);
      }
    }
    return debs;
  }

  @Test
  void spdxAndCycloneDx_sameInputTwice_sameBytes() {
    assertThat(Sboms.spdx(TestInputs.full())).isEqualTo(Sboms.spdx(TestInputs.full()));
    assertThat(Sboms.cycloneDx(TestInputs.full())).isEqualTo(Sboms.cycloneDx(TestInputs.full()));
  }

  @Test
  void spdxAndCycloneDx_packagesModulesAndFilesShuffled_sameBytes() {
    SbomInput sorted = TestInputs.full();
    for (long seed = 1; seed <= 5; seed++) {
      Random random = new Random(seed);
      List<SbomInput.Package> packages = new ArrayList<>(sorted.packages());
      Collections.shuffle(packages, random);
      List<SbomInput.Module> modules = new ArrayList<>(sorted.kernel().orElseThrow().modules());
      Collections.shuffle(modules, random);
      List<SbomInput.AddedFile> files = new ArrayList<>(sorted.files());
      Collections.shuffle(files, random);
      SbomInput.Kernel kernel = sorted.kernel().orElseThrow();
      SbomInput shuffled =
          new SbomInput(
              sorted.artifactFile(),
              sorted.artifactSha256(),
              sorted.imageName(),
              sorted.arch(),
              sorted.suite(),
              sorted.debianVersion(),
              sorted.epoch(),
              packages,
              Optional.of(
                  new SbomInput.Kernel(
                      kernel.file(), kernel.sha256(), kernel.release(), kernel.origin(), modules)),
              files,
              sorted.toolVersion());

      assertThat(Sboms.spdx(shuffled)).isEqualTo(Sboms.spdx(sorted));
      assertThat(Sboms.cycloneDx(shuffled)).isEqualTo(Sboms.cycloneDx(sorted));
    }
  }

  @Test
  void spdxAndCycloneDx_everyPackageOnce_withAPurlThatParsesBackToIt() throws Exception {
    SbomInput input = TestInputs.full();
    Map<String, JsonNode> spdxDebs = spdxDebs(spdx(input));
    Map<String, JsonNode> cdxDebs = cycloneDxDebs(cycloneDx(input));

    assertThat(spdxDebs).hasSize(input.packages().size());
    assertThat(cdxDebs).hasSize(input.packages().size());
    List<String> spdxPurls = new ArrayList<>();
    for (JsonNode p : spdxDebs.values()) {
      List<JsonNode> refs = list(p.get("externalRefs"));
      assertThat(refs).hasSize(1);
      assertThat(refs.get(0).get("referenceType").asText()).isEqualTo("purl");
      spdxPurls.add(refs.get(0).get("referenceLocator").asText());
    }
    assertThat(spdxPurls).containsExactlyInAnyOrderElementsOf(cdxDebs.keySet());
    for (SbomInput.Package p : input.packages()) {
      // packageurl-java, the purl project's own Java implementation, reads each back.
      List<PackageURL> matching = new ArrayList<>();
      for (String purl : cdxDebs.keySet()) {
        PackageURL parsed = new PackageURL(purl);
        if (parsed.getName().equals(p.name())
            && parsed.getQualifiers().get("arch").equals(p.architecture())) {
          matching.add(parsed);
        }
      }
      assertThat(matching).as(p.name() + ":" + p.architecture()).hasSize(1);
      PackageURL purl = matching.get(0);
      assertThat(purl.getType()).isEqualTo("deb");
      assertThat(purl.getNamespace()).isEqualTo("debian");
      assertThat(purl.getVersion()).isEqualTo(p.version());
      assertThat(purl.getQualifiers()).containsEntry("distro", "debian-12").hasSize(2);
    }
  }

  @Test
  void purl_epochColonAndPlusArePercentEncoded() throws Exception {
    Map<String, JsonNode> debs = cycloneDxDebs(cycloneDx(TestInputs.full()));

    assertThat(debs)
        .containsKeys(
            "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=arm64&distro=debian-12",
            "pkg:deb/debian/libstdc%2B%2B6@12.2.0-14?arch=arm64&distro=debian-12",
            "pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&distro=debian-12");
  }

  @Test
  void purl_distro_fromDebianVersionElseSuiteElseTheSuiteItself() throws Exception {
    assertThat(distroOf("bookworm", Optional.empty())).isEqualTo("debian-12");
    assertThat(distroOf("bullseye", Optional.of("11.11"))).isEqualTo("debian-11");
    assertThat(distroOf("trixie", Optional.of("trixie/sid"))).isEqualTo("debian-13");
    assertThat(distroOf("stretch", Optional.empty())).isEqualTo("debian-9");
    assertThat(distroOf("stable", Optional.of("12.8"))).isEqualTo("debian-12");
    assertThat(distroOf("sid", Optional.of("forky/sid"))).isEqualTo("sid");
  }

  private static String distroOf(String suite, Optional<String> debianVersion) throws Exception {
    SbomInput small = TestInputs.small();
    SbomInput input =
        new SbomInput(
            small.artifactFile(),
            small.artifactSha256(),
            small.imageName(),
            small.arch(),
            suite,
            debianVersion,
            small.epoch(),
            small.packages(),
            Optional.empty(),
            List.of(),
            small.toolVersion());
    String purl = cycloneDxDebs(cycloneDx(input)).keySet().iterator().next();
    return new PackageURL(purl).getQualifiers().get("distro");
  }

  @Test
  void spdx_licenses_dep5NamesAsSpdx_licenseRefsForNamesWithout_noAssertionWithoutDep5()
      throws Exception {
    JsonNode document = spdx(TestInputs.full());
    Map<String, JsonNode> debs = spdxDebs(document);

    assertThat(debs.get("SPDXRef-deb-dash-arm64").get("licenseDeclared").asText())
        .isEqualTo("BSD-3-Clause AND GPL-2.0-or-later AND LicenseRef-public-domain");
    assertThat(debs.get("SPDXRef-deb-dash-arm64").get("licenseComments").asText())
        .isEqualTo(
            "License fields of its Debian copyright file: BSD-3-Clause; public-domain; GPL-2+;"
                + " BSD-3-clause");
    assertThat(debs.get("SPDXRef-deb-zlib1g-arm64").get("licenseDeclared").asText())
        .isEqualTo("Zlib");
    assertThat(debs.get("SPDXRef-deb-tzdata-all").get("licenseDeclared").asText())
        .isEqualTo("LicenseRef-public-domain");
    assertThat(debs.get("SPDXRef-deb-libgcc-s1-arm64").get("licenseDeclared").asText())
        .isEqualTo("GPL-3.0-or-later WITH GCC-exception-3.1");
    // perl-base names REGCOMP, its own license, and a Bison exception in a spelling of its own:
    // LicenseRefs, the rest by SPDX id. libc6's file is not machine-readable.
    assertThat(debs.get("SPDXRef-deb-perl-base-arm64").get("licenseDeclared").asText())
        .isEqualTo(
            "(GPL-1.0-or-later OR Artistic-1.0-Perl) AND LicenseRef-gpl-3X2B-with-bison-exception"
                + " AND (LicenseRef-regcomp AND (GPL-1.0-or-later OR Artistic-1.0-Perl)) AND MIT");
    assertThat(debs.get("SPDXRef-deb-perl-base-arm64").get("licenseConcluded").asText())
        .isEqualTo("NOASSERTION");
    assertThat(debs.get("SPDXRef-deb-libc6-arm64").get("licenseDeclared").asText())
        .isEqualTo("NOASSERTION");
    assertThat(debs.get("SPDXRef-deb-libc6-arm64").has("licenseComments")).isFalse();
    List<JsonNode> extracted = list(document.get("hasExtractedLicensingInfos"));
    assertThat(extracted)
        .extracting(e -> e.get("licenseId").asText() + " " + e.get("name").asText())
        .containsExactly(
            "LicenseRef-gpl-3X2B-with-bison-exception GPL-3+-WITH-BISON-EXCEPTION",
            "LicenseRef-public-domain public-domain",
            "LicenseRef-regcomp REGCOMP");
    assertThat(extracted.get(1).get("extractedText").asText())
        .contains("public domain")
        .endsWith("/usr/share/doc/dash/copyright, /usr/share/doc/tzdata/copyright");
    assertThat(extracted.get(2).get("extractedText").asText())
        .contains("\"REGCOMP\"")
        .endsWith("/usr/share/doc/perl-base/copyright");
  }

  @Test
  void spdx_licenses_unlistedExceptionAndUnparsableExpression_areLicenseRefsTheValidatorsAccept()
      throws Exception {
    SbomInput input =
        TestInputs.withPackages(
            List.of(
                new SbomInput.Package(
                    "libssl-user",
                    "1.0-1",
                    "arm64",
                    "libssl-user",
                    "1.0-1",
                    List.of("GPL-2+ with OpenSSL exception", "BSD-3-clause and/or MIT", " "))));
    String json = Sboms.spdx(input);
    JsonNode document = new ObjectMapper().readTree(json);

    assertThat(list(document.get("packages")))
        .filteredOn(p -> p.get("name").asText().equals("libssl-user"))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.get("licenseDeclared").asText())
                    .isEqualTo(
                        "LicenseRef-bsd-3-clauseX20andX2ForX20mit AND"
                            + " LicenseRef-gpl-2X2BX20withX20opensslX20exception"));
    assertThat(list(document.get("hasExtractedLicensingInfos")))
        .extracting(e -> e.get("name").asText())
        .containsExactly("BSD-3-clause and/or MIT", "GPL-2+ with OpenSSL exception");
    assertThat(SbomValidators.spdxSchema(json)).isEmpty();
    assertThat(SbomValidators.spdxLibrary(json)).isEmpty();
  }

  @Test
  void spdx_noPublicDomainPackage_definesNoLicenseRef() throws Exception {
    SbomInput input = TestInputs.withPackages(TestInputs.packages().subList(1, 2)); // zlib1g

    assertThat(spdx(input).has("hasExtractedLicensingInfos")).isFalse();
  }

  @Test
  void cycloneDx_licenses_idsWhereSpdxHasOne_debianNamesElse_expressionWhenAllMap()
      throws Exception {
    Map<String, JsonNode> debs = cycloneDxDebs(cycloneDx(TestInputs.full()));

    assertThat(licenses(debs, "dash"))
        .containsExactly("id:BSD-3-Clause", "id:GPL-2.0-or-later", "name:public-domain");
    assertThat(licenses(debs, "tzdata")).containsExactly("name:public-domain");
    assertThat(licenses(debs, "zlib1g")).containsExactly("id:Zlib");
    assertThat(licenses(debs, "perl-base"))
        .containsExactly(
            "id:MIT",
            "name:GPL-1+ or Artistic",
            "name:GPL-3+-WITH-BISON-EXCEPTION",
            "name:REGCOMP, and GPL-1+ or Artistic");
    assertThat(licenses(debs, "libgcc-s1"))
        .containsExactly("expression:GPL-3.0-or-later WITH GCC-exception-3.1");
    assertThat(licenses(debs, "libc6")).isEmpty();
  }

  private static List<String> licenses(Map<String, JsonNode> debs, String name) {
    JsonNode component =
        debs.values().stream()
            .filter(c -> c.get("name").asText().equals(name))
            .findFirst()
            .orElseThrow();
    if (!component.has("licenses")) {
      return List.of();
    }
    List<String> licenses = new ArrayList<>();
    for (JsonNode choice : list(component.get("licenses"))) {
      if (choice.has("expression")) {
        licenses.add("expression:" + choice.get("expression").asText());
      } else {
        JsonNode license = choice.get("license");
        licenses.add(
            license.has("id")
                ? "id:" + license.get("id").asText()
                : "name:" + license.get("name").asText());
      }
    }
    return licenses;
  }

  @Test
  void spdx_describesTheArtifact_byFileNameAndSha256_containingEveryPackageModuleAndFile()
      throws Exception {
    JsonNode document = spdx(TestInputs.full());
    JsonNode artifact = list(document.get("packages")).get(0);
    List<String> relationships =
        list(document.get("relationships")).stream()
            .map(
                r ->
                    r.get("spdxElementId").asText()
                        + " "
                        + r.get("relationshipType").asText()
                        + " "
                        + r.get("relatedSpdxElement").asText())
            .toList();

    assertThat(artifact.get("SPDXID").asText()).isEqualTo("SPDXRef-Artifact");
    assertThat(artifact.get("packageFileName").asText()).isEqualTo("edge-arm64.cpio.zst");
    assertThat(artifact.get("checksums").get(0).get("checksumValue").asText())
        .isEqualTo(TestInputs.ARTIFACT_SHA256);
    assertThat(relationships)
        .startsWith("SPDXRef-DOCUMENT DESCRIBES SPDXRef-Artifact")
        .contains(
            "SPDXRef-Artifact CONTAINS SPDXRef-deb-libstdcX2BX2B6-arm64",
            "SPDXRef-Artifact CONTAINS SPDXRef-kmod-virtioX5Fnet",
            "SPDXRef-Artifact CONTAINS SPDXRef-File-X2FetcX2FsaltX2Fminion",
            "SPDXRef-Artifact DEPENDS_ON SPDXRef-Kernel")
        .hasSize(1 + 8 + 1 + 2 + 2)
        .doesNotHaveDuplicates();
    JsonNode init = list(document.get("packages")).get(list(document.get("packages")).size() - 1);
    assertThat(init.get("SPDXID").asText()).isEqualTo("SPDXRef-File-X2Finit");
    assertThat(init.get("packageFileName").asText()).isEqualTo("/init");
    assertThat(init.get("primaryPackagePurpose").asText()).isEqualTo("FILE");
    assertThat(init.get("checksums").get(0).get("checksumValue").asText())
        .isEqualTo("d".repeat(64));
  }

  @Test
  void cycloneDx_metadataComponentIsTheArtifact_kernelModulesAndFilesAreComponents()
      throws Exception {
    JsonNode bom = cycloneDx(TestInputs.full());
    JsonNode artifact = bom.get("metadata").get("component");
    List<String> refs =
        list(bom.get("components")).stream().map(c -> c.get("bom-ref").asText()).toList();

    assertThat(artifact.get("name").asText()).isEqualTo("edge-arm64.cpio.zst");
    assertThat(artifact.get("hashes").get(0).get("alg").asText()).isEqualTo("SHA-256");
    assertThat(artifact.get("hashes").get(0).get("content").asText())
        .isEqualTo(TestInputs.ARTIFACT_SHA256);
    assertThat(refs)
        .endsWith(
            "kernel",
            "kernel-module:net_failover",
            "kernel-module:virtio_net",
            "file:/etc/salt/minion",
            "file:/init")
        .doesNotHaveDuplicates()
        .hasSize(8 + 1 + 2 + 2);
    JsonNode kernel = list(bom.get("components")).get(8);
    assertThat(kernel.get("version").asText()).isEqualTo("6.1.0-50-cloud-arm64");
    assertThat(kernel.get("hashes").get(0).get("content").asText()).isEqualTo("c".repeat(64));
  }

  @Test
  void noKernelNoFiles_neitherKernelNorFilesNorDependencies() throws Exception {
    JsonNode document = spdx(TestInputs.small());
    JsonNode bom = cycloneDx(TestInputs.small());

    assertThat(Sboms.spdx(TestInputs.small())).doesNotContain("Kernel", "kmod", "SPDXRef-File");
    assertThat(list(document.get("packages"))).hasSize(1 + 2);
    assertThat(bom.has("dependencies")).isFalse();
    assertThat(list(bom.get("components"))).hasSize(2);
  }

  @Test
  void identifiers_derivedFromTheArtifactsSha256_timesFromTheEpoch() throws Exception {
    SbomInput input = TestInputs.full();
    SbomInput otherArtifact = withArtifactSha256(input, "f".repeat(64));
    String namespace = spdx(input).get("documentNamespace").asText();
    String serial = cycloneDx(input).get("serialNumber").asText();

    assertThat(namespace)
        .matches("https://spdx\\.org/spdxdocs/baseimg/edge-arm64\\.cpio\\.zst-[0-9a-f-]{36}");
    assertThat(serial)
        .matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-.*");
    assertThat(spdx(otherArtifact).get("documentNamespace").asText()).isNotEqualTo(namespace);
    assertThat(cycloneDx(otherArtifact).get("serialNumber").asText()).isNotEqualTo(serial);
    assertThat(spdx(TestInputs.withPackages(List.of())).get("documentNamespace").asText())
        .isEqualTo(namespace);
    assertThat(spdx(input).get("creationInfo").get("created").asText())
        .isEqualTo("2023-11-14T22:13:20Z");
    assertThat(cycloneDx(input).get("metadata").get("timestamp").asText())
        .isEqualTo("2023-11-14T22:13:20Z");
  }

  private static SbomInput withArtifactSha256(SbomInput input, String sha256) {
    return new SbomInput(
        input.artifactFile(),
        sha256,
        input.imageName(),
        input.arch(),
        input.suite(),
        input.debianVersion(),
        input.epoch(),
        input.packages(),
        input.kernel(),
        input.files(),
        input.toolVersion());
  }

  @Test
  void input_samePackageTwiceOrBadHash_isRefused() {
    List<SbomInput.Package> twice = new ArrayList<>(TestInputs.packages());
    twice.add(TestInputs.packages().get(0));

    assertThatThrownBy(() -> TestInputs.withPackages(twice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("package dash:arm64 is listed twice");
    assertThatThrownBy(() -> withArtifactSha256(TestInputs.full(), "A".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a lower-case hex SHA-256");
    assertThatThrownBy(() -> new SbomInput.Package("Dash", "1", "arm64", "dash", "1", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a Debian package name: Dash");
    assertThatThrownBy(() -> new SbomInput.AddedFile(ImagePath.ROOT, "d".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void besides_namesTheDocumentsAfterTheArtifact() {
    Path artifact = Path.of("out", "edge-arm64.cpio.zst");

    assertThat(Sboms.spdxBesides(artifact))
        .isEqualTo(Path.of("out", "edge-arm64.cpio.zst.spdx.json"));
    assertThat(Sboms.cycloneDxBesides(artifact))
        .isEqualTo(Path.of("out", "edge-arm64.cpio.zst.cdx.json"));
  }
}
