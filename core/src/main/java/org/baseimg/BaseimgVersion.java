package org.baseimg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of baseimg this library is, as Maven built it. */
public final class BaseimgVersion {
  private static final String VERSION = load();

  private BaseimgVersion() {}

  /**
   * This library's version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when not built by Maven.
   */
  public static String current() {
    return VERSION;
  }

  private static String load() {
    Properties properties = new Properties();
    try (InputStream in = BaseimgVersion.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read baseimg's version.properties", e);
    }
    return properties.getProperty("version", "unknown");
  }
}
