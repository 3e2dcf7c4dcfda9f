package org.baseimg.sbom.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A CycloneDX 1.6 BOM as its JSON serialization has it, keys in the order given here (the
 * schema's). A null component is left out of the JSON.
 */
record CycloneDxDocument(
    String bomFormat,
    String specVersion,
    String serialNumber,
    int version,
    Metadata metadata,
    List<Component> components,
    List<Dependency> dependencies) {

  /** When the BOM was made, by what, and what it describes. */
  record Metadata(String timestamp, Tools tools, Component component) {}

  /** The tools that made the BOM. */
  record Tools(List<Component> components) {}

  /** A component: the artifact, a Debian package, the kernel, a module, a file, a tool. */
  record Component(
      String type,
      @JsonProperty("bom-ref") String bomRef,
      String name,
      String version,
      String description,
      List<Hash> hashes,
      List<LicenseChoice> licenses,
      String purl,
      List<Property> properties) {}

  /** A hash: {@code SHA-256} and lower-case hex. */
  record Hash(String alg, String content) {}

  /** One license of a component, or the one SPDX expression of all of them. */
  record LicenseChoice(License license, String expression, String acknowledgement) {
    static LicenseChoice id(String id) {
      return new LicenseChoice(new License(id, null, "declared"), null, null);
    }

    static LicenseChoice name(String name) {
      return new LicenseChoice(new License(null, name, "declared"), null, null);
    }

    static LicenseChoice expression(String expression) {
      return new LicenseChoice(null, expression, "declared");
    }
  }

  /**
   * A license, by SPDX id or by name; declared (by the package's copyright file) rather than
   * concluded.
   */
  record License(String id, String name, String acknowledgement) {}

  /** A name and value outside CycloneDX's fields, named {@code baseimg:...}. */
  record Property(String name, String value) {}

  /** What a component depends on. */
  record Dependency(String ref, List<String> dependsOn) {}
}
