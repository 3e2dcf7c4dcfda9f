package org.baseimg.kconfig;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files under {@code src/test/resources/kconfig/}. */
final class TestConfigs {
  private TestConfigs() {}

  static Path resource(String name) {
    try {
      return Path.of(TestConfigs.class.getResource("/kconfig/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A config under {@code configs/}, named as merge_config and diffconfig were given it. */
  static KernelConfig config(String name) throws Exception {
    return KernelConfig.read(resource("configs/" + name)).withOrigin(name);
  }

  static String text(String name) throws IOException {
    return Files.readString(resource("configs/" + name), StandardCharsets.UTF_8);
  }
}
