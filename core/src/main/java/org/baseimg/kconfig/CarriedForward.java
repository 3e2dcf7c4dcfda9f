package org.baseimg.kconfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.baseimg.BaseimgException;
import org.baseimg.image.Architecture;

/**
 * A config carried forward by {@link KernelConfigs#carryForward}, with every fragment value in it:
 * the final config, the kernel tree and toolchain that made it, and what a report on it needs.
 *
 * <pre>{@code
 * CarriedForward carried = KernelConfigs.create(events).carryForward(CarryForward.from(spec));
 * carried.write(buildDirectory.resolve(".config"));
 * List<String> make = carried.toolchain().makeVariables(); // ARCH=arm64 CROSS_COMPILE=...
 * }</pre>
 */
public final class CarriedForward {
  private final CarryForward request;
  private final KernelConfig base;
  private final List<KernelConfig> fragments;
  private final Generation generation;
  private final ConfigGenerator generator;

  CarriedForward(
      CarryForward request,
      KernelConfig base,
      List<KernelConfig> fragments,
      Generation generation,
      ConfigGenerator generator) {
    this.request = request;
    this.base = base;
    this.fragments = List.copyOf(fragments);
    this.generation = generation;
    this.generator = generator;
  }

  /** What was asked for. */
  public CarryForward request() {
    return request;
  }

  /** The base config as read. */
  public KernelConfig base() {
    return base;
  }

  /** The fragments as read, in the order they were applied. */
  public List<KernelConfig> fragments() {
    return fragments;
  }

  /** The run of {@code make olddefconfig}: the merged config, its warnings, how long it took. */
  public Generation generation() {
    return generation;
  }

  /** The final config, as {@code make olddefconfig} wrote it. */
  public KernelConfig config() {
    return generation.result();
  }

  /** The final config's text: what {@link #write} writes. */
  public String text() {
    return config().text();
  }

  /** The tools that decided the config; a kernel built from it should use the same. */
  public Toolchain toolchain() {
    return generation.toolchain();
  }

  /** The kernel tree whose Kconfig files and {@code make} were used. */
  public KernelTree tree() {
    return generation.tree();
  }

  /** Writes the final config to {@code file}, which appears complete or not at all. */
  public void write(Path file) throws BaseimgException {
    config().write(file);
  }

  /**
   * What happened to the base beyond the fragments, read from the tree's Kconfig files for both
   * architectures: dropped symbols, unmet dependencies, reset values, changed meanings.
   */
  public CarryForwardReport report() throws BaseimgException {
    Architecture from = StockConfigs.baseArchitecture(request.base()).orElse(Architecture.AMD64);
    Kconfig before = KernelConfigs.readKconfig(tree(), from);
    return CarryForwardReport.of(base, generation, before, generator.kconfig());
  }

  /**
   * {@code report} as Markdown, headed by where the config came from: base, fragments, tree,
   * toolchain.
   *
   * @param configName the name the config is written under, for the title
   */
  public String reportMarkdown(CarryForwardReport report, String configName) {
    List<String> preamble = new ArrayList<>();
    preamble.add("base: " + base.origin());
    preamble.add(
        "fragments: "
            + (fragments.isEmpty()
                ? "none"
                : String.join(", ", fragments.stream().map(KernelConfig::origin).toList())));
    preamble.add("kernel tree: " + tree().directory() + " (Linux " + tree().version() + ")");
    preamble.add(
        "all "
            + generation.merge().requested().size()
            + " fragment values survived make olddefconfig");
    toolchain().describe().forEach(line -> preamble.add("toolchain: " + line));
    return report.markdown(
        "Carried forward to " + request.arch().debianName() + ": " + configName, preamble);
  }

  /** Every fragment value that {@code config} lacks, with its reason from the tree. */
  List<LostValue> lostIn(KernelConfig config) throws BaseimgException {
    return generator.survivalCheck(generation.merge(), config);
  }
}
