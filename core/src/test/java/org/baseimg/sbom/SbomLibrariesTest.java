package org.baseimg.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.baseimg.sbom.internal.Dep5Licenses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spdx.jacksonstore.MultiFormatStore;
import org.spdx.library.LicenseInfoFactory;
import org.spdx.library.SpdxModelFactory;
import org.spdx.library.model.v2.SpdxDocument;
import org.spdx.library.model.v2.SpdxElement;
import org.spdx.storage.simple.InMemSpdxStore;

/**
 * Both documents read back and checked by their formats' own Java libraries: SPDX's
 * java-spdx-library (with spdx-jackson-store for JSON) and its {@code verify}, CycloneDX's
 * cyclonedx-core-java and its {@code validate} for 1.6.
 *
 * <p>cyclonedx-core-java calls json-schema-validator 2.x (Jackson 2); core's other tests use 3.x
 * (Jackson 3), whose classes have the same names. So cyclonedx-core-java and the 2.x jar (which
 * Maven copies to {@code target/cyclonedx-validator}) load in a class loader of their own that
 * looks in them first and finds everything else (Jackson 2, commons, purl) on the test class path;
 * its methods are called by reflection.
 */
class SbomLibrariesTest {
  private static ClassLoader cycloneDxLoader;

  @BeforeAll
  static void setUp() throws Exception {
    // The license list in the library's jar, not spdx.org's (CI reaches no other host).
    System.setProperty("org.spdx.useJARLicenseInfoOnly", "true");
    SpdxModelFactory.init();
    cycloneDxLoader = cycloneDxLoader();
  }

  // --- SPDX ---

  static SpdxDocument readSpdx(String json) throws Exception {
    MultiFormatStore store =
        new MultiFormatStore(new InMemSpdxStore(), MultiFormatStore.Format.JSON_PRETTY);
    return store.deSerialize(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), false);
  }

  @Test
  void spdx_javaSpdxLibraryVerifies_withAndWithoutKernelAndFiles() throws Exception {
    for (SbomInput input : List.of(TestInputs.full(), TestInputs.small())) {
      SpdxDocument document = readSpdx(Sboms.spdx(input));

      assertThat(document.verify()).isEmpty();
      Collection<SpdxElement> described = document.getDocumentDescribes();
      assertThat(described).hasSize(1);
      assertThat(described.iterator().next().getName()).contains(input.artifactFile());
    }
  }

  @Test
  void spdx_javaSpdxLibrary_refusesAnUndefinedLicenseRef() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode document = (ObjectNode) mapper.readTree(Sboms.spdx(TestInputs.full()));
    document.remove("hasExtractedLicensingInfos");

    assertThat(readSpdx(mapper.writeValueAsString(document)).verify()).isNotEmpty();
  }

  @Test
  void licenseTable_everySpdxIdIsOnTheSpdxAndCycloneDxLicenseLists() throws Exception {
    JsonNode cycloneDxList =
        new ObjectMapper().readTree(SbomSchemaTest.schemaText("spdx.schema.json")).get("enum");
    Set<String> cycloneDxIds = new HashSet<>();
    cycloneDxList.forEach(id -> cycloneDxIds.add(id.asText()));

    assertThat(Dep5Licenses.licenseIds()).hasSizeGreaterThan(50);
    for (String id : Dep5Licenses.licenseIds()) {
      assertThat(LicenseInfoFactory.isSpdxListedLicenseId(id)).as(id).isTrue();
      assertThat(cycloneDxIds).as(id).contains(id);
    }
    for (String id : Dep5Licenses.exceptionIds()) {
      assertThat(LicenseInfoFactory.isSpdxListedExceptionId(id)).as(id).isTrue();
      assertThat(cycloneDxIds).as(id).contains(id);
    }
  }

  // --- CycloneDX ---

  /** cyclonedx-core-java's {@code JsonParser.validate(json, Version.VERSION_16)}: its messages. */
  static List<String> validateCycloneDx(String json) throws Exception {
    Class<?> parserClass = cycloneDxLoader.loadClass("org.cyclonedx.parsers.JsonParser");
    Class<?> versionClass = cycloneDxLoader.loadClass("org.cyclonedx.Version");
    Object version = versionClass.getField("VERSION_16").get(null);
    Object parser = parserClass.getConstructor().newInstance();
    Method validate = parserClass.getMethod("validate", String.class, versionClass);
    Method isValid = parserClass.getMethod("isValid", byte[].class, versionClass);
    List<String> messages = new ArrayList<>();
    for (Object exception : (List<?>) validate.invoke(parser, json, version)) {
      messages.add(((Exception) exception).getMessage());
    }
    boolean valid =
        (Boolean) isValid.invoke(parser, json.getBytes(StandardCharsets.UTF_8), version);
    assertThat(valid)
        .as("isValid agrees with validate: %s", messages)
        .isEqualTo(messages.isEmpty());
    return messages;
  }

  /** The bom-refs and purls of the components cyclonedx-core-java's parser reads. */
  static List<String> parsedCycloneDxComponents(String json) throws Exception {
    Class<?> parserClass = cycloneDxLoader.loadClass("org.cyclonedx.parsers.JsonParser");
    Object parser = parserClass.getConstructor().newInstance();
    Object bom =
        parserClass
            .getMethod("parse", byte[].class)
            .invoke(parser, (Object) json.getBytes(StandardCharsets.UTF_8));
    List<String> components = new ArrayList<>();
    for (Object component : (List<?>) bom.getClass().getMethod("getComponents").invoke(bom)) {
      Object purl = component.getClass().getMethod("getPurl").invoke(component);
      components.add(
          component.getClass().getMethod("getBomRef").invoke(component)
              + (purl == null ? "" : " " + purl));
    }
    return components;
  }

  @Test
  void cycloneDx_cycloneDxCoreJavaValidates16_withAndWithoutKernelAndFiles() throws Exception {
    for (SbomInput input : List.of(TestInputs.full(), TestInputs.small())) {
      assertThat(validateCycloneDx(Sboms.cycloneDx(input))).isEmpty();
    }
  }

  @Test
  void cycloneDx_cycloneDxCoreJavaParsesEveryPackageWithItsPurl() throws Exception {
    List<String> components = parsedCycloneDxComponents(Sboms.cycloneDx(TestInputs.full()));

    assertThat(components)
        .contains(
            "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=arm64&distro=debian-12"
                + " pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=arm64&distro=debian-12",
            "kernel", "file:/init")
        .hasSize(8 + 1 + 2 + 2);
  }

  @Test
  void cycloneDx_cycloneDxCoreJava_refusesABrokenBom() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode bom = (ObjectNode) mapper.readTree(Sboms.cycloneDx(TestInputs.full()));
    bom.put("serialNumber", "not-a-urn");

    assertThat(validateCycloneDx(mapper.writeValueAsString(bom))).isNotEmpty();
  }

  /**
   * cyclonedx-core-java's jar (from the test class path) and json-schema-validator 2.x (from {@code
   * cyclonedx.validator.dir}), first for their own packages and resources.
   */
  static ClassLoader cycloneDxLoader() throws Exception {
    String dir = System.getProperty("cyclonedx.validator.dir");
    assertThat(dir)
        .as("system property cyclonedx.validator.dir (set by core's pom; run with Maven)")
        .isNotNull();
    List<URL> jars = new ArrayList<>();
    jars.add(
        Class.forName("org.cyclonedx.Version").getProtectionDomain().getCodeSource().getLocation());
    try (Stream<Path> files = Files.list(Path.of(dir))) {
      for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
        jars.add(jar.toUri().toURL());
      }
    }
    assertThat(jars).as("cyclonedx-core-java and json-schema-validator 2.x in " + dir).hasSize(2);
    return new OwnPackagesFirst(jars.toArray(URL[]::new), SbomLibrariesTest.class.getClassLoader());
  }

  /** Loads {@code org.cyclonedx} and {@code com.networknt} classes, and resources, itself first. */
  private static final class OwnPackagesFirst extends URLClassLoader {
    OwnPackagesFirst(URL[] jars, ClassLoader parent) {
      super(jars, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("org.cyclonedx.") && !name.startsWith("com.networknt.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          loaded = findClass(name);
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }

    @Override
    public URL getResource(String name) {
      URL own = findResource(name);
      return own != null ? own : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      Enumeration<URL> own = findResources(name);
      return own.hasMoreElements() ? own : super.getResources(name);
    }
  }
}
