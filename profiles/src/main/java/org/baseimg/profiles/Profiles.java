package org.baseimg.profiles;

import java.util.List;
import org.baseimg.profiles.internal.Loader;
import org.baseimg.profiles.internal.SchemaWriter;
import org.baseimg.profiles.internal.SpecWriter;

/**
 * Profiles: the YAML files the image team edits, turned into the library's {@link
 * org.baseimg.image.ImageSpec}.
 *
 * <pre>{@code
 * ImageSpec spec = Profiles.resolve("edge-arm64").spec();   // a stock profile
 * ImageSpec mine = Profiles.resolve("profiles/web.yaml").spec();  // a file
 * }</pre>
 *
 * <p>A reference with a slash or a {@code .yaml} suffix is a file; anything else names a stock
 * profile. {@code extends} follows the same rule, relative to the extending file.
 */
public final class Profiles {
  /** The profile {@code baseimg build} uses when none is named. */
  public static final String DEFAULT = Loader.DEFAULT_PROFILE;

  private Profiles() {}

  /**
   * Loads, merges, validates and binds a profile.
   *
   * @param reference a stock profile's name, a file path, or null for {@link #DEFAULT}
   * @throws InvalidProfileException listing every mistake with its file, line and column
   */
  public static ResolvedProfile resolve(String reference) throws InvalidProfileException {
    return Loader.resolve(reference);
  }

  /** The profiles that ship with baseimg. */
  public static List<StockProfile> stock() {
    return Loader.stock();
  }

  /** A stock profile's text, comments included. */
  public static String stockText(String name) {
    return Loader.stockText(name);
  }

  /** The resolved profile as one self-contained YAML profile with every default written out. */
  public static String toYaml(ResolvedProfile profile) {
    return SpecWriter.yaml(profile);
  }

  /** A JSON Schema (draft 2020-12) of the profile format, for editors. */
  public static String jsonSchema() {
    return SchemaWriter.schema();
  }
}
