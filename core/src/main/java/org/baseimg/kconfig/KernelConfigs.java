package org.baseimg.kconfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.debian.DebianArchive;
import org.baseimg.debian.DebianMirror;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.image.Architecture;

/**
 * Kernel configs in a few calls: carry a config forward to another architecture with the kernel's
 * own {@code make olddefconfig} and prove every fragment value survived, check a config against
 * what was carried forward, explain a symbol's value, group a diff by subsystem. It owns the
 * decisions a front end should not make: the defaults (in {@link CarryForward}), where the kernel
 * source comes from, which toolchain, where kconfig's programs are kept. A front end parses its
 * options into a {@link CarryForward}, passes its wording in {@link KconfigSuggestions}, and shows
 * the {@link Event}s.
 *
 * <pre>{@code
 * KernelConfigs configs = KernelConfigs.create(events);
 * CarriedForward carried = configs.carryForward(CarryForward.from(spec));
 * carried.write(Path.of("arm64.config"));
 * carried.toolchain().crossCompile(); // aarch64-linux-gnu-
 * }</pre>
 */
public final class KernelConfigs {
  private final EventListener events;
  private final KconfigSuggestions suggestions;

  private KernelConfigs(EventListener events, KconfigSuggestions suggestions) {
    this.events = events;
    this.suggestions = suggestions;
  }

  /** Kernel configs reporting to {@code events}, with {@link KconfigSuggestions#LIBRARY}. */
  public static KernelConfigs create(EventListener events) {
    if (events == null) {
      throw new IllegalArgumentException("a listener is required; use EventListener.NONE");
    }
    return new KernelConfigs(events, KconfigSuggestions.LIBRARY);
  }

  /** The same, ending its messages with {@code newSuggestions}' remedies. */
  public KernelConfigs withSuggestions(KconfigSuggestions newSuggestions) {
    if (newSuggestions == null) {
      throw new IllegalArgumentException("suggestions are required");
    }
    return new KernelConfigs(events, newSuggestions);
  }

  /**
   * Carries {@code request}'s base forward to its architecture: reads the base and the fragments,
   * takes the source tree (or fetches Debian's linux-source package into the cache and unpacks it
   * once), finds the toolchain, merges the fragments by merge_config's rules, runs {@code make
   * olddefconfig} with kconfig's programs kept in the cache, and checks that every fragment value
   * is in the result. A fragment that redefines a value is reported as a {@link Event.Warning}.
   * Writes nothing but the cache.
   *
   * @return the config, with the tree and the toolchain that made it
   * @throws BadInputException for a base, fragment or tree that cannot be used
   * @throws FragmentValuesLostException listing each fragment value the result lacks, with why
   * @throws BaseimgException when a tool is missing, the source cannot be fetched, or make fails
   */
  public CarriedForward carryForward(CarryForward request)
      throws BaseimgException, InterruptedException {
    KernelConfig base = StockConfigs.base(request.base());
    List<KernelConfig> fragments = StockConfigs.fragments(request.fragments(), request.arch());
    KernelTree tree = sourceTree(request);
    Toolchain toolchain =
        Toolchain.detect(request.arch(), request.compatCrossCompile(), suggestions, events);
    ConfigGenerator generator =
        ConfigGenerator.create(tree, toolchain, events)
            .keepingObjectsIn(request.cacheDirectory().resolve("objects"));
    Generation generation = generator.generate(base, fragments);
    generation
        .merge()
        .redefinitions()
        .forEach(r -> events.on(new Event.Warning("fragment redefines " + r)));
    generation.requireAllSurvived();
    return new CarriedForward(request, base, fragments, generation, generator);
  }

  /**
   * The fragment values of {@code carried} that {@code config} lacks, each with its reason from the
   * tree's Kconfig files; empty when all are there. For a config that went on through other hands,
   * e.g. the {@code .config} of a kernel build that ran {@code olddefconfig} with its own
   * toolchain.
   */
  public List<LostValue> check(CarriedForward carried, KernelConfig config)
      throws BaseimgException {
    return carried.lostIn(config);
  }

  /**
   * The kernel tree at {@code source}, checked.
   *
   * @throws BadInputException when it is not the top of a kernel tree
   */
  public KernelTree tree(Path source) throws BaseimgException {
    return KernelTree.at(source, suggestions);
  }

  /** {@code tree}'s Kconfig files, read as {@code make ARCH=...} reads them for {@code arch}. */
  public Kconfig kconfig(KernelTree tree, Architecture arch) throws BaseimgException {
    return readKconfig(tree, arch);
  }

  /**
   * What {@link Kconfig#explain} says to each query about {@code config}, reading {@code tree}'s
   * Kconfig files for {@code arch} once.
   *
   * @param queries {@code SYMBOL} or {@code SYMBOL=VALUE}, with or without {@code CONFIG_}
   */
  public List<String> explain(
      KernelTree tree, Architecture arch, KernelConfig config, List<String> queries)
      throws BaseimgException {
    Kconfig kconfig = kconfig(tree, arch);
    List<String> lines = new ArrayList<>();
    for (String query : queries) {
      lines.addAll(kconfig.explain(config, query));
    }
    return lines;
  }

  /**
   * {@code diff} split by the Kconfig file that defines each symbol in {@code tree} for {@code
   * arch} (its subsystem); symbols {@code arch} does not have are grouped as such.
   */
  public Map<String, ConfigDiff> diffBySubsystem(
      ConfigDiff diff, KernelTree tree, Architecture arch) throws BaseimgException {
    Kconfig kconfig = kconfig(tree, arch);
    return diff.groupedBy(kconfig::file, "(not defined for " + arch.debianName() + ")");
  }

  /** {@code tree}'s Kconfig files for {@code arch}, with the ARCH and SRCARCH make exports. */
  static Kconfig readKconfig(KernelTree tree, Architecture arch) throws BadInputException {
    return Kconfig.read(
        tree.directory(),
        ConfigGenerator.srcarch(arch.kernelArch()),
        Map.of("ARCH", arch.kernelArch()));
  }

  private KernelTree sourceTree(CarryForward request)
      throws BaseimgException, InterruptedException {
    if (request.source().isPresent()) {
      return tree(request.source().get());
    }
    DebianArchive archive =
        DebianArchive.create(DebianMirror.fromHost(), request.cacheDirectory(), events);
    return KernelSources.debian(
        archive, request.suite(), CarryForward.DEBIAN_SOURCE_SERIES, events);
  }
}
