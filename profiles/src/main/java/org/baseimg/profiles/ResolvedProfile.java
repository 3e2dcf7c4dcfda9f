package org.baseimg.profiles;

import java.util.List;
import org.baseimg.image.ImageSpec;

/**
 * A profile with its {@code extends} chain applied, validated and bound to the library's spec.
 *
 * @param spec the image spec
 * @param chain the files it came from, the profile first and the one it finally extends last
 * @param warnings things that do not stop a build here but deserve a look (a key file missing on
 *     this host, signatures turned off)
 */
public record ResolvedProfile(ImageSpec spec, List<String> chain, List<Problem> warnings) {
  public ResolvedProfile {
    chain = List.copyOf(chain);
    warnings = List.copyOf(warnings);
  }
}
