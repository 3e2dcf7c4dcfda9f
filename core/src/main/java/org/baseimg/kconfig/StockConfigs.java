package org.baseimg.kconfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.image.Architecture;

/**
 * The configs and fragments that ship with baseimg (the {@code kernel-configs} module, on the
 * classpath at {@code org/baseimg/kernel-configs/<arch>/<name>.config}), and the rule that tells a
 * stock name from a file: anything with a slash or a {@code .config} suffix is a file.
 */
public final class StockConfigs {
  private static final String RESOURCES = "/org/baseimg/kernel-configs/";

  /** The stock base configs, by name, with the architecture each is for. */
  public static final Map<String, Architecture> BASES = Map.of("debian-6.1", Architecture.AMD64);

  /** The stock fragments of each target architecture, in the order the README lists them. */
  public static final Map<Architecture, List<String>> FRAGMENTS =
      Map.of(Architecture.ARM64, List.of("serial-console", "qcom", "perf", "va-48bit"));

  private StockConfigs() {}

  /** Whether {@code reference} names a file rather than a stock config. */
  public static boolean isFile(String reference) {
    return reference.contains("/") || reference.endsWith(".config");
  }

  /**
   * A base config: a stock name such as {@code debian-6.1}, or a file.
   *
   * @throws BadInputException for an unknown name, a missing file or a malformed one
   */
  public static KernelConfig base(String reference) throws BaseimgException {
    if (isFile(reference)) {
      return KernelConfig.read(Path.of(reference));
    }
    Architecture arch = BASES.get(reference);
    if (arch == null) {
      throw new BadInputException(
          "no stock base config '"
              + reference
              + "' (stock: "
              + String.join(", ", BASES.keySet())
              + "); for a file, write ./"
              + reference
              + ".config or a path");
    }
    return stock(arch, reference);
  }

  /**
   * A fragment for {@code target}: a stock name such as {@code perf}, or a file.
   *
   * @throws BadInputException for an unknown name, a missing file or a malformed one
   */
  public static KernelConfig fragment(String reference, Architecture target)
      throws BaseimgException {
    if (isFile(reference)) {
      return KernelConfig.read(Path.of(reference));
    }
    List<String> names = FRAGMENTS.getOrDefault(target, List.of());
    if (!names.contains(reference)) {
      throw new BadInputException(
          "no stock fragment '"
              + reference
              + "' for "
              + target.debianName()
              + " (stock: "
              + (names.isEmpty() ? "none" : String.join(", ", names))
              + "); for a file, write ./"
              + reference
              + ".config or a path");
    }
    return stock(target, reference);
  }

  /**
   * The fragments for {@code target}, in order: stock names or files.
   *
   * @throws BadInputException for the first unknown name, missing file or malformed one
   */
  public static List<KernelConfig> fragments(List<String> references, Architecture target)
      throws BaseimgException {
    List<KernelConfig> fragments = new ArrayList<>();
    for (String reference : references) {
      fragments.add(fragment(reference, target));
    }
    return fragments;
  }

  /** The architecture a stock base is for, if {@code reference} names one. */
  public static java.util.Optional<Architecture> baseArchitecture(String reference) {
    return java.util.Optional.ofNullable(isFile(reference) ? null : BASES.get(reference));
  }

  private static KernelConfig stock(Architecture arch, String name) throws BaseimgException {
    String resource = RESOURCES + arch.debianName() + "/" + name + ".config";
    try (InputStream in = StockConfigs.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "stock config " + resource + " is missing from the classpath (kernel-configs module)");
      }
      return KernelConfig.parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), name + " (stock)");
    } catch (IOException e) {
      throw new BaseimgException("cannot read stock config " + resource + ": " + e, e);
    }
  }
}
