package org.baseimg.profiles.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.baseimg.image.Architecture;
import org.baseimg.image.ImageSpec;
import org.baseimg.initramfs.Compression;
import org.baseimg.profiles.ResolvedProfile;

/**
 * Writes a resolved profile back as one self-contained YAML profile, every default filled in, so
 * that what a build will do can be read (and diffed) in one place.
 */
public final class SpecWriter {
  private static final YAMLMapper YAML =
      new YAMLMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

  private SpecWriter() {}

  public static String yaml(ResolvedProfile profile) {
    ImageSpec spec = profile.spec();
    Architecture arch = spec.arch();
    StringBuilder out = new StringBuilder();
    out.append("# ")
        .append(spec.name())
        .append(", resolved from ")
        .append(String.join(" <- ", profile.chain()))
        .append('\n');
    out.append("# arch ")
        .append(arch.debianName())
        .append(": kernel ARCH=")
        .append(arch.kernelArch())
        .append(", CROSS_COMPILE=")
        .append(arch.crossCompilePrefix())
        .append(", binfmt ")
        .append(arch.binfmtName())
        .append(", docker platform ")
        .append(arch.containerPlatform())
        .append('\n');
    try {
      out.append(YAML.writeValueAsString(tree(spec)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the profile tree is plain maps and lists", e);
    }
    return out.toString();
  }

  private static Map<String, Object> tree(ImageSpec spec) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("name", spec.name());
    if (!spec.description().isEmpty()) {
      tree.put("description", spec.description());
    }
    tree.put("arch", spec.arch().debianName());
    tree.put("suite", spec.suite());
    tree.put("variant", lowerCase(spec.variant()));
    spec.mirror().ifPresent(mirror -> tree.put("mirror", mirror.toString()));
    tree.put("components", spec.components());
    spec.keyring().ifPresent(keyring -> tree.put("keyring", keyring.toString()));
    tree.put("check-signatures", spec.checkSignatures());
    tree.put("check-valid-until", spec.checkValidUntil());
    tree.put("repositories", spec.repositories().stream().map(SpecWriter::repository).toList());
    tree.put("packages", spec.packages());
    spec.agent().ifPresent(agent -> tree.put("agent", agent(agent)));
    tree.put("files", spec.files().stream().map(SpecWriter::file).toList());
    tree.put("init", init(spec.init()));
    tree.put("network", lowerCase(spec.network()));
    tree.put("output", output(spec.output()));
    spec.kernel().ifPresent(kernel -> tree.put("kernel", kernel(kernel)));
    tree.put("build", build(spec.build()));
    return tree;
  }

  private static Map<String, Object> repository(ImageSpec.AptRepository repository) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("name", repository.name());
    item.put("uri", repository.uri().toString());
    item.put("suite", repository.suite());
    item.put("components", repository.components());
    repository.signedBy().ifPresent(key -> item.put("signed-by", key.toString()));
    if (repository.trusted()) {
      item.put("trusted", true);
    }
    return item;
  }

  private static Map<String, Object> agent(ImageSpec.AgentSpec agent) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("package", agent.packageName());
    item.put("master", agent.master());
    item.put("minion-id", lowerCase(agent.minionId()).replace('_', '-'));
    item.put("grains", agent.grains());
    item.put("enabled", agent.enabled());
    return item;
  }

  private static Map<String, Object> file(ImageSpec.OverlayFile file) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("source", file.source().toString());
    item.put("destination", file.destination().toString());
    item.put("mode", String.format("%04o", file.mode()));
    item.put("owner", file.owner());
    item.put("group", file.group());
    return item;
  }

  private static Object init(ImageSpec.InitSpec init) {
    if (init instanceof ImageSpec.InitSpec.File file) {
      return Map.of("file", file.path().toString());
    }
    return init instanceof ImageSpec.InitSpec.Systemd ? "systemd" : "builtin";
  }

  private static Map<String, Object> output(ImageSpec.OutputSpec output) {
    Map<String, Object> item = new LinkedHashMap<>();
    Compression compression = output.compression();
    item.put("compression", compression.format().cliName());
    if (compression.format() != Compression.Format.NONE) {
      item.put("level", compression.level());
    }
    item.put("file", output.fileName());
    return item;
  }

  private static Map<String, Object> kernel(ImageSpec.KernelSpec kernel) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("from", lowerCase(kernel.from()));
    if (kernel.from() == ImageSpec.KernelSpec.From.PACKAGE) {
      item.put("package", kernel.packageName());
    }
    item.put("base", kernel.base());
    item.put("fragments", kernel.fragments());
    kernel.source().ifPresent(source -> item.put("source", source.toString()));
    if (!kernel.modules().isEmpty()) {
      item.put("modules", kernel.modules());
    }
    return item;
  }

  private static Map<String, Object> build(ImageSpec.BuildSpec build) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("environment", lowerCase(build.environment()));
    item.put("cache", build.cacheDirectory().toString());
    build.cacheFrom().ifPresent(from -> item.put("cache-from", from));
    build.cacheTo().ifPresent(to -> item.put("cache-to", to));
    return item;
  }

  private static String lowerCase(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
