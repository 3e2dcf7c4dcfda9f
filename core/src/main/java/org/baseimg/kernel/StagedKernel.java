package org.baseimg.kernel;

import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A kernel laid out as a boot set needs it, in one directory: {@code Image} (the file the boot
 * loader takes), {@code config}, {@code System.map} when there is one, and {@code
 * lib/modules/RELEASE/} with {@code modules.dep} and friends. {@code baseimg kernel build} writes
 * this layout; a Debian kernel package is unpacked into it.
 *
 * @param directory the directory holding the layout
 * @param release what {@code uname -r} says when it runs, e.g. {@code 6.1.0-50-cloud-arm64}
 * @param source {@code package} (Debian's) or {@code built} (here)
 * @param origin the package and its version, or the kernel tree it was built from
 * @param toolchain the compilers and tools it was built with, by name (empty for a package)
 */
public record StagedKernel(
    Path directory,
    String release,
    String source,
    String origin,
    SortedMap<String, String> toolchain) {

  /** The file names of the layout. */
  public static final String IMAGE = "Image";

  public static final String CONFIG = "config";
  public static final String SYSTEM_MAP = "System.map";

  public StagedKernel {
    if (release == null || release.isBlank() || release.contains("/")) {
      throw new IllegalArgumentException("not a kernel release: " + release);
    }
    toolchain = new TreeMap<>(toolchain);
  }

  /** The kernel image. */
  public Path image() {
    return directory.resolve(IMAGE);
  }

  /** The kernel's configuration. */
  public Path config() {
    return directory.resolve(CONFIG);
  }

  /** {@code lib/modules/RELEASE}. */
  public Path modules() {
    return directory.resolve("lib/modules").resolve(release);
  }
}
