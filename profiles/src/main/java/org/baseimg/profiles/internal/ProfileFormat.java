package org.baseimg.profiles.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.baseimg.image.Architecture;
import org.baseimg.image.ImageSpec;
import org.baseimg.initramfs.Compression;

/**
 * The profile format, written down once: every key, its type, the values it allows, its default and
 * what it means. The validator checks profiles against it and the JSON Schema is generated from it,
 * so the two cannot disagree.
 */
public final class ProfileFormat {
  private ProfileFormat() {}

  /** How a value is written. */
  public enum Type {
    /** A scalar read as text, whatever YAML 1.1 would make of it. */
    STRING,
    /** {@code true} or {@code false}, nothing else. */
    BOOLEAN,
    /** A whole number. */
    INTEGER,
    /** Permissions as a quoted octal string, e.g. {@code "0644"}. */
    MODE,
    /** A sequence of strings. */
    STRING_LIST,
    /** A mapping with the keys {@link Field#fields()} lists. */
    MAP,
    /** A sequence of mappings with the keys {@link Field#fields()} lists. */
    LIST_OF_MAPS,
    /** A mapping from any key to a string. */
    STRING_MAP,
    /** {@code builtin}, {@code systemd}, or a mapping {@code file: PATH}. */
    INIT
  }

  /**
   * One key of the format.
   *
   * @param key the key as written
   * @param type how its value is written
   * @param description what it means, for people and for the schema
   * @param allowed the only values a string may take, or empty for any
   * @param pattern a regular expression a string (or each list item) must match, or null
   * @param minimum the smallest integer, or null
   * @param maximum the largest integer, or null
   * @param minItems the fewest list items
   * @param required whether the key must be given (inside list items: in each item)
   * @param nullable whether {@code key: null} (or an empty value) is allowed, to unset an inherited
   *     value
   * @param appendable whether {@code key+:} appends to the inherited list
   * @param defaultValue the value when the key is absent, as text, or null
   * @param fields the keys of a MAP or of each item of a LIST_OF_MAPS
   */
  public record Field(
      String key,
      Type type,
      String description,
      List<String> allowed,
      String pattern,
      Integer minimum,
      Integer maximum,
      int minItems,
      boolean required,
      boolean nullable,
      boolean appendable,
      String defaultValue,
      Map<String, Field> fields) {

    static Builder of(String key, Type type, String description) {
      return new Builder(key, type, description);
    }
  }

  /** Describes a {@link Field} step by step; {@link #build()} makes the record. */
  static final class Builder {
    private final String key;
    private final Type type;
    private final String description;
    private List<String> allowed = List.of();
    private String pattern;
    private Integer minimum;
    private Integer maximum;
    private int minItems;
    private boolean required;
    private boolean nullable;
    private String defaultValue;
    private final Map<String, Field> fields = new LinkedHashMap<>();

    private Builder(String key, Type type, String description) {
      this.key = key;
      this.type = type;
      this.description = description;
    }

    Builder allowed(String... values) {
      allowed = List.of(values);
      return this;
    }

    Builder pattern(String regex) {
      pattern = regex;
      return this;
    }

    Builder range(int min, int max) {
      minimum = min;
      maximum = max;
      return this;
    }

    Builder minItems(int count) {
      minItems = count;
      return this;
    }

    Builder asRequired() {
      required = true;
      return this;
    }

    Builder asNullable() {
      nullable = true;
      return this;
    }

    Builder defaultValue(String value) {
      defaultValue = value;
      return this;
    }

    Builder fields(Builder... children) {
      for (Builder child : children) {
        fields.put(child.key, child.build());
      }
      return this;
    }

    Field build() {
      boolean appendable = type == Type.STRING_LIST || type == Type.LIST_OF_MAPS;
      return new Field(
          key,
          type,
          description,
          allowed,
          pattern,
          minimum,
          maximum,
          minItems,
          required,
          nullable,
          appendable,
          defaultValue,
          Collections.unmodifiableMap(fields));
    }
  }

  static final String NAME_PATTERN = "^[a-z0-9][a-z0-9._-]*$";
  static final String URI_PATTERN = "^(https?|file)://[^\\s]+$";
  static final String PACKAGE_PATTERN = "^[a-z0-9][a-z0-9+.-]+(=[A-Za-z0-9.+~:-]+)?$";
  static final String MODE_PATTERN = "^0?[0-7]{3,4}$";
  static final String ABSOLUTE_PATH_PATTERN = "^/.*";

  /** A registry repository without tag or digest: {@code [HOST[:PORT]/]NAME[/NAME...]}. */
  static final String REPOSITORY_PATTERN =
      "^([A-Za-z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*$";

  private static List<String> architectures() {
    List<String> names = new ArrayList<>();
    for (Architecture arch : Architecture.values()) {
      names.add(arch.debianName());
    }
    return names;
  }

  private static List<String> compressions() {
    return Arrays.stream(Compression.Format.values()).map(Compression.Format::cliName).toList();
  }

  /** The keys a profile may have at its top. */
  public static final Field PROFILE =
      Field.of("profile", Type.MAP, "A baseimg image profile.")
          .fields(
              Field.of(
                  "extends",
                  Type.STRING,
                  "A profile this one builds on: a stock profile's name (e.g. base) or a file"
                      + " path relative to this file. Mappings merge key by key, scalars and"
                      + " lists replace; write key+: to append to an inherited list."),
              Field.of("name", Type.STRING, "The image's name; artifact file names start with it.")
                  .pattern(NAME_PATTERN),
              Field.of("description", Type.STRING, "One line about the image, for people.")
                  .defaultValue(""),
              Field.of("arch", Type.STRING, "The target architecture.")
                  .allowed(architectures().toArray(String[]::new))
                  .defaultValue("amd64"),
              Field.of("suite", Type.STRING, "The Debian suite, e.g. bookworm.")
                  .pattern("^[a-z][a-z0-9-]*$")
                  .defaultValue("bookworm"),
              Field.of("variant", Type.STRING, "debootstrap's variant.")
                  .allowed("minbase", "buildd", "standard")
                  .defaultValue("minbase"),
              Field.of(
                      "mirror",
                      Type.STRING,
                      "The Debian mirror's URI. Leave it out to use debootstrap's default or the"
                          + " host's apt sources.")
                  .pattern(URI_PATTERN)
                  .asNullable(),
              Field.of("components", Type.STRING_LIST, "Archive components, e.g. [main].")
                  .pattern("^[a-z][a-z0-9/-]*$")
                  .minItems(1)
                  .defaultValue("main"),
              Field.of(
                      "keyring",
                      Type.STRING,
                      "The keyring that checks the suite's Release signature (a path, relative"
                          + " to this file unless absolute). Leave it out for debootstrap's"
                          + " default.")
                  .asNullable(),
              Field.of(
                      "check-signatures",
                      Type.BOOLEAN,
                      "Check Release signatures. Turning it off is insecure and warns.")
                  .defaultValue("true"),
              Field.of(
                      "check-valid-until",
                      Type.BOOLEAN,
                      "Reject an expired Release file. Archived suites need false.")
                  .defaultValue("true"),
              Field.of(
                      "repositories",
                      Type.LIST_OF_MAPS,
                      "Extra apt repositories, each signed by a key unless trusted: true is"
                          + " written out.")
                  .fields(
                      Field.of("name", Type.STRING, "Names its sources file in the image.")
                          .pattern(NAME_PATTERN),
                      Field.of("uri", Type.STRING, "Where the repository is.")
                          .pattern(URI_PATTERN)
                          .asRequired(),
                      Field.of("suite", Type.STRING, "Its suite (apt's distribution).")
                          .pattern("^[A-Za-z0-9][A-Za-z0-9._/-]*$")
                          .asRequired(),
                      Field.of("components", Type.STRING_LIST, "Its components.")
                          .minItems(1)
                          .defaultValue("main"),
                      Field.of(
                          "signed-by",
                          Type.STRING,
                          "The key file its Release is signed with (relative to this file"
                              + " unless absolute)."),
                      Field.of(
                              "trusted",
                              Type.BOOLEAN,
                              "true installs from it without checking signatures (apt's"
                                  + " trusted=yes).")
                          .defaultValue("false")),
              Field.of("packages", Type.STRING_LIST, "Packages to install, e.g. [openssh-server].")
                  .pattern(PACKAGE_PATTERN),
              Field.of(
                      "agent",
                      Type.MAP,
                      "The configuration-management agent (salt-minion). No minion id and no"
                          + " keys are baked in.")
                  .asNullable()
                  .fields(
                      Field.of("package", Type.STRING, "The package that provides it.")
                          .pattern(PACKAGE_PATTERN)
                          .defaultValue("salt-minion"),
                      Field.of("master", Type.STRING, "The salt master to connect to.")
                          .asRequired(),
                      Field.of(
                              "minion-id",
                              Type.STRING,
                              "How the minion names itself at first boot.")
                          .allowed("hostname", "fqdn", "machine-id")
                          .defaultValue("hostname"),
                      Field.of("grains", Type.STRING_MAP, "Static grains."),
                      Field.of("enabled", Type.BOOLEAN, "Start the agent at boot.")
                          .defaultValue("true")),
              Field.of("files", Type.LIST_OF_MAPS, "Host files copied into the image.")
                  .fields(
                      Field.of("source", Type.STRING, "The host file, relative to this profile.")
                          .asRequired(),
                      Field.of("destination", Type.STRING, "Its absolute path in the image.")
                          .pattern(ABSOLUTE_PATH_PATTERN)
                          .asRequired(),
                      Field.of("mode", Type.MODE, "Its permissions, quoted, e.g. \"0644\".")
                          .pattern(MODE_PATTERN)
                          .defaultValue("0644"),
                      Field.of(
                              "owner", Type.STRING, "Its owner: a name from the image or a number.")
                          .pattern("^[a-z_][a-z0-9_-]*$|^[0-9]+$")
                          .defaultValue("root"),
                      Field.of(
                              "group", Type.STRING, "Its group: a name from the image or a number.")
                          .pattern("^[a-z_][a-z0-9_-]*$|^[0-9]+$")
                          .defaultValue("root")),
              Field.of(
                      "init",
                      Type.INIT,
                      "PID 1: builtin (mounts, then /sbin/init or a shell), systemd, or file:"
                          + " PATH for your own /init.")
                  .allowed("builtin", "systemd")
                  .defaultValue("builtin"),
              Field.of(
                      "network",
                      Type.STRING,
                      "How the image brings its network up at boot: dhcp (every interface, with"
                          + " dhcpcd, before the agent starts) or none.")
                  .allowed("none", "dhcp")
                  .defaultValue("none"),
              Field.of("output", Type.MAP, "How the image is packed.")
                  .fields(
                      Field.of("compression", Type.STRING, "The initramfs compression.")
                          .allowed(compressions().toArray(String[]::new))
                          .defaultValue("zstd"),
                      Field.of(
                              "level",
                              Type.INTEGER,
                              "Compression level: zstd 1-22, xz 0-9, gzip 1-9; default the"
                                  + " compressor's (zstd 19, xz 6, gzip 6).")
                          .range(0, 22),
                      Field.of(
                              "file",
                              Type.STRING,
                              "The artifact's file name; {name}, {arch} and {suite} are replaced."
                                  + " Default: {name}-{arch}.cpio plus the compression's"
                                  + " suffix.")
                          .pattern("^[^/]+$")),
              Field.of(
                      "kernel",
                      Type.MAP,
                      "The image's kernel: where it comes from, its configuration carried to this"
                          + " architecture, and the modules that go into the image.")
                  .asNullable()
                  .fields(
                      Field.of(
                              "from",
                              Type.STRING,
                              "Where the boot set's kernel comes from: package (Debian's, named"
                                  + " by package), build (built here from base and fragments), or"
                                  + " none (a configuration for kconfig generate only).")
                          .allowed("none", "package", "build")
                          .defaultValue("none"),
                      Field.of(
                          "package",
                          Type.STRING,
                          "With from: package, Debian's kernel package, e.g."
                              + " linux-image-cloud-arm64 (default linux-image-ARCH)."),
                      Field.of(
                              "base",
                              Type.STRING,
                              "The starting .config: a stock config's name or a path.")
                          .defaultValue("debian-6.1"),
                      Field.of(
                          "fragments",
                          Type.STRING_LIST,
                          "Fragments applied on top: stock names (serial-console, perf, qcom,"
                              + " va-48bit) or paths."),
                      Field.of(
                              "source",
                              Type.STRING,
                              "A kernel source tree; left out, the suite's linux-source package"
                                  + " is used.")
                          .asNullable(),
                      Field.of(
                          "modules",
                          Type.STRING_LIST,
                          "Modules that go into the image with what they need (modules.dep,"
                              + " soft pre-dependencies): names (virtio_net), globs (virtio_*) or"
                              + " paths (kernel/drivers/net/virtio*).")),
              Field.of("build", Type.MAP, "Where and how the image is built.")
                  .fields(
                      Field.of(
                              "environment",
                              Type.STRING,
                              "auto (docker when an engine answers, else host), host (a chroot)"
                                  + " or docker.")
                          .allowed("auto", "host", "docker")
                          .defaultValue("auto"),
                      Field.of(
                              "cache",
                              Type.STRING,
                              "Packages and bootstrapped trees kept between builds.")
                          .pattern(ABSOLUTE_PATH_PATTERN)
                          .defaultValue(ImageSpec.BuildSpec.DEFAULT_CACHE_DIRECTORY),
                      Field.of(
                              "cache-from",
                              Type.STRING,
                              "A registry repository ([REGISTRY/]REPOSITORY, no tag) to fetch"
                                  + " kept trees from when the cache lacks them; a failed fetch"
                                  + " warns and the build bootstraps.")
                          .pattern(REPOSITORY_PATTERN)
                          .asNullable(),
                      Field.of(
                              "cache-to",
                              Type.STRING,
                              "A registry repository to publish kept trees to, each tagged by"
                                  + " its kind and cache key; a failed publish fails the build.")
                          .pattern(REPOSITORY_PATTERN)
                          .asNullable()))
          .build();
}
