package org.baseimg.testing;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.spdx.core.InvalidSPDXAnalysisException;
import org.spdx.jacksonstore.MultiFormatStore;
import org.spdx.library.SpdxModelFactory;
import org.spdx.library.model.v2.SpdxDocument;
import org.spdx.storage.simple.InMemSpdxStore;

/**
 * Checks SBOMs by their formats' own rules, each check giving its problems (empty: valid):
 *
 * <ul>
 *   <li>{@link #spdxSchema}: SPDX 2.3 JSON against the official SPDX 2.3 JSON Schema;
 *   <li>{@link #cycloneDxSchema}: CycloneDX 1.6 JSON against the official bom-1.6 schema and the
 *       two it refers to (spdx, jsf-0.82), all registered under their ids so nothing is fetched;
 *   <li>{@link #spdxLibrary}: SPDX's java-spdx-library (JSON through spdx-jackson-store), read and
 *       {@code verify()};
 *   <li>{@link #cycloneDxLibrary}: cyclonedx-core-java's {@code JsonParser.validate(json,
 *       VERSION_16)}.
 * </ul>
 *
 * <p>The schemas are copies of the specifications' files, kept as this module's resources.
 * networknt's json-schema-validator 3.x applies them (both are draft-07).
 *
 * <p>cyclonedx-core-java calls json-schema-validator 2.x (Jackson 2), whose classes have the names
 * of 3.x's. So cyclonedx-core-java and the 2.x jar load in a class loader of their own that looks
 * in them first and finds everything else (Jackson 2, commons, purl) on the class path; its methods
 * are called by reflection. The 2.x jar is the only jar in the directory that the system property
 * {@value #VALIDATOR_DIR} names: the poms of the modules that use this class copy it there with
 * maven-dependency-plugin and set the property for surefire and failsafe.
 */
public final class SbomValidators {
  /** The system property naming the directory of json-schema-validator 2.x. */
  public static final String VALIDATOR_DIR = "cyclonedx.validator.dir";

  private static final String CYCLONEDX = "http://cyclonedx.org/schema/";

  private static final Schema SPDX_SCHEMA =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
          .getSchema(schemaText("spdx-2.3.schema.json"));

  private static final Schema CYCLONEDX_SCHEMA =
      SchemaRegistry.withDefaultDialect(
              SpecificationVersion.DRAFT_7,
              builder ->
                  builder.schemas(
                      Map.of(
                          CYCLONEDX + "spdx.schema.json",
                          schemaText("spdx.schema.json"),
                          CYCLONEDX + "jsf-0.82.schema.json",
                          schemaText("jsf-0.82.schema.json"),
                          CYCLONEDX + "bom-1.6.schema.json",
                          schemaText("bom-1.6.schema.json"))))
          .getSchema(SchemaLocation.of(CYCLONEDX + "bom-1.6.schema.json"));

  static {
    // The license list in the library's jar, not spdx.org's (CI reaches no other host).
    System.setProperty("org.spdx.useJARLicenseInfoOnly", "true");
    SpdxModelFactory.init();
  }

  private static ClassLoader cycloneDxLoader;

  private SbomValidators() {}

  /**
   * The text of one of the schemas: {@code spdx-2.3.schema.json}, {@code bom-1.6.schema.json},
   * {@code spdx.schema.json} (CycloneDX's list of SPDX license and exception ids) or {@code
   * jsf-0.82.schema.json}.
   */
  public static String schemaText(String name) {
    try (InputStream in = SbomValidators.class.getResourceAsStream("sbom/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no schema " + name + " among the test fixtures");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the SPDX 2.3 JSON Schema finds wrong with {@code json}. */
  public static List<String> spdxSchema(String json) {
    return SPDX_SCHEMA.validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
  }

  /** What the CycloneDX 1.6 JSON Schema finds wrong with {@code json}. */
  public static List<String> cycloneDxSchema(String json) {
    return CYCLONEDX_SCHEMA.validate(json, InputFormat.JSON).stream()
        .map(Object::toString)
        .toList();
  }

  /** The SPDX document in {@code json} as java-spdx-library reads it. */
  public static SpdxDocument readSpdx(String json) throws InvalidSPDXAnalysisException {
    MultiFormatStore store =
        new MultiFormatStore(new InMemSpdxStore(), MultiFormatStore.Format.JSON_PRETTY);
    try {
      return store.deSerialize(
          new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What java-spdx-library's {@code verify()} finds wrong with the SPDX document in {@code json},
   * or why it could not read it.
   */
  public static List<String> spdxLibrary(String json) {
    try {
      return List.copyOf(readSpdx(json).verify());
    } catch (InvalidSPDXAnalysisException | RuntimeException e) {
      return List.of("java-spdx-library cannot read the document: " + e);
    }
  }

  /**
   * What cyclonedx-core-java's {@code JsonParser.validate(json, Version.VERSION_16)} finds wrong
   * with {@code json}; also a problem when its {@code isValid} disagrees.
   */
  public static List<String> cycloneDxLibrary(String json) {
    try {
      Class<?> parserClass = cycloneDxClass("org.cyclonedx.parsers.JsonParser");
      Class<?> versionClass = cycloneDxClass("org.cyclonedx.Version");
      Object version = versionClass.getField("VERSION_16").get(null);
      Object parser = parserClass.getConstructor().newInstance();
      Method validate = parserClass.getMethod("validate", String.class, versionClass);
      Method isValid = parserClass.getMethod("isValid", byte[].class, versionClass);
      List<String> problems = new ArrayList<>();
      for (Object exception : (List<?>) validate.invoke(parser, json, version)) {
        problems.add(((Exception) exception).getMessage());
      }
      boolean valid =
          (Boolean) isValid.invoke(parser, json.getBytes(StandardCharsets.UTF_8), version);
      if (valid != problems.isEmpty()) {
        problems.add("isValid says " + valid + " where validate found " + problems.size());
      }
      return problems;
    } catch (InvocationTargetException e) {
      return List.of("cyclonedx-core-java failed: " + e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cyclonedx-core-java's API changed: " + e, e);
    }
  }

  /**
   * The components cyclonedx-core-java's parser reads from {@code json}: each one's bom-ref, then a
   * space and its purl when it has one.
   */
  public static List<String> cycloneDxComponents(String json) {
    try {
      Class<?> parserClass = cycloneDxClass("org.cyclonedx.parsers.JsonParser");
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
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException("cyclonedx-core-java cannot parse the BOM", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cyclonedx-core-java's API changed: " + e, e);
    }
  }

  private static Class<?> cycloneDxClass(String name) throws ClassNotFoundException {
    return Class.forName(name, true, cycloneDxLoader());
  }

  /**
   * cyclonedx-core-java's jar (from the class path) and json-schema-validator 2.x (from {@value
   * #VALIDATOR_DIR}), first for their own packages and resources.
   */
  private static synchronized ClassLoader cycloneDxLoader() {
    if (cycloneDxLoader == null) {
      String dir = System.getProperty(VALIDATOR_DIR);
      if (dir == null) {
        throw new IllegalStateException(
            "system property "
                + VALIDATOR_DIR
                + " is not set: the module's pom sets it for surefire and failsafe; run with"
                + " Maven");
      }
      List<URL> jars = new ArrayList<>();
      try {
        jars.add(
            Class.forName("org.cyclonedx.Version")
                .getProtectionDomain()
                .getCodeSource()
                .getLocation());
        try (Stream<Path> files = Files.list(Path.of(dir))) {
          for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
            jars.add(jar.toUri().toURL());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + dir, e);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("cyclonedx-core-java is not on the class path", e);
      }
      if (jars.size() != 2) {
        throw new IllegalStateException(
            "expected cyclonedx-core-java and the one json-schema-validator 2.x jar in "
                + dir
                + ", found "
                + jars);
      }
      cycloneDxLoader =
          new OwnPackagesFirst(jars.toArray(URL[]::new), SbomValidators.class.getClassLoader());
    }
    return cycloneDxLoader;
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
