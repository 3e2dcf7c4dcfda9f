package org.baseimg.debian;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.baseimg.debian.internal.Deb822;

/**
 * The licenses a package's copyright file names ({@code /usr/share/doc/PACKAGE/copyright} in an
 * image), when the file is machine-readable: Debian's copyright format 1.0 (DEP-5), whose first
 * stanza says {@code Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/}.
 * Many packages (libc6, libgcc-s1, ...) still have free-form copyright files; those name no license
 * here rather than a guessed one.
 */
public final class DebianLicenses {
  private DebianLicenses() {}

  /**
   * The license short names of every stanza's {@code License} field, as written (e.g. {@code
   * GPL-2+}, {@code BSD-3-clause}, {@code GPL-1+ or Artistic}, {@code public-domain}), each once,
   * in the order they first appear; empty when the file is not machine-readable.
   *
   * <p>A {@code License} field's first line is its short name or expression; the lines after it are
   * the license's text, which is not kept. Stand-alone {@code License} stanzas, which give the text
   * for a name used above, count too.
   */
  public static List<String> read(byte[] copyrightFile) {
    List<Deb822.Stanza> stanzas = Deb822.parse(new String(copyrightFile, StandardCharsets.UTF_8));
    if (stanzas.isEmpty() || !isMachineReadable(stanzas.get(0).value("Format"))) {
      return List.of();
    }
    Set<String> names = new LinkedHashSet<>();
    for (Deb822.Stanza stanza : stanzas) {
      String license = stanza.value("License");
      int lineEnd = license.indexOf('\n');
      String name = (lineEnd < 0 ? license : license.substring(0, lineEnd)).strip();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }

  /**
   * Whether a {@code Format} value names copyright-format 1.0 (over http or https, with or without
   * the final slash, as real packages write it) or one of the DEP-5 drafts before it, which have
   * the same {@code License} field and are still found in packages that were not touched since.
   */
  private static boolean isMachineReadable(String format) {
    return format.contains("/copyright-format/1.0") || format.contains("dep.debian.net/deps/dep5");
  }
}
