package org.baseimg.kconfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.baseimg.BaseimgException;
import org.baseimg.event.Event;
import org.baseimg.event.EventListener;
import org.baseimg.internal.FileLocks;
import org.baseimg.internal.Hashing;
import org.baseimg.internal.Processes;
import org.baseimg.internal.Trees;

/**
 * Carries a config to an architecture the way a kernel maintainer does by hand, with the kernel's
 * own tools: the fragments are merged into the base by merge_config's rules, the result goes to
 * {@code make ARCH=<arch> CROSS_COMPILE=<prefix> O=<dir> olddefconfig} in the kernel tree, and then
 * every fragment value is looked up in the final config (the check {@code merge_config.sh -m}
 * skips). A value that did not survive gets its reason from the tree's Kconfig files.
 *
 * <pre>{@code
 * Toolchain toolchain = Toolchain.detect(Architecture.ARM64, Optional.empty(), events);
 * Generation generation = ConfigGenerator.create(KernelTree.at(source), toolchain, events)
 *     .generate(base, List.of(serialConsole, perf, va48))
 *     .requireAllSurvived();
 * generation.result().write(out);
 * }</pre>
 *
 * <p>{@link KernelConfigs#carryForward} does all of this from a {@link CarryForward} request, with
 * the defaults, the source tree and the toolchain chosen for the caller.
 */
public final class ConfigGenerator {
  private static final String PHASE = "olddefconfig";

  private final KernelTree tree;
  private final Toolchain toolchain;
  private final EventListener events;
  private final Optional<Path> keptObjects;
  private Kconfig kconfig;

  private ConfigGenerator(
      KernelTree tree, Toolchain toolchain, EventListener events, Optional<Path> keptObjects) {
    this.tree = tree;
    this.toolchain = toolchain;
    this.events = events;
    this.keptObjects = keptObjects;
  }

  /** A generator running {@code make} in {@code tree} with {@code toolchain}. */
  public static ConfigGenerator create(KernelTree tree, Toolchain toolchain, EventListener events) {
    if (tree == null || toolchain == null || events == null) {
      throw new IllegalArgumentException("tree, toolchain and listener are required");
    }
    return new ConfigGenerator(tree, toolchain, events, Optional.empty());
  }

  /**
   * The same generator keeping make's O= directory below {@code root} between runs, one per tree
   * and toolchain, so that kconfig's own programs are built once instead of every time (about half
   * of a run). The result is the same: {@code olddefconfig} reads only the .config and the Kconfig
   * files. Two runs with one tree and toolchain wait for each other.
   */
  public ConfigGenerator keepingObjectsIn(Path root) {
    if (root == null) {
      throw new IllegalArgumentException("root is required");
    }
    return new ConfigGenerator(tree, toolchain, events, Optional.of(root));
  }

  /**
   * Merges, runs {@code make olddefconfig} in a scratch directory (removed afterwards) or the kept
   * object directory, and checks that every fragment value survived. Writes nothing else.
   *
   * @throws BaseimgException when make fails
   */
  public Generation generate(KernelConfig base, List<KernelConfig> fragments)
      throws BaseimgException, InterruptedException {
    FragmentMerge merge = FragmentMerge.apply(base, fragments);
    if (keptObjects.isEmpty()) {
      Path scratch;
      try {
        scratch = Files.createTempDirectory("baseimg-kconfig-");
      } catch (IOException e) {
        throw new BaseimgException("cannot create a scratch directory: " + e.getMessage(), e);
      }
      try {
        return generateIn(scratch, merge);
      } finally {
        deleteScratch(scratch);
      }
    }
    Path objects = keptObjects.get().resolve(objectsKey());
    try {
      Files.createDirectories(objects);
      return FileLocks.underLock(
          objects.resolveSibling(objects.getFileName() + ".lock"),
          () -> {
            // Only the built programs are reused: no config of an earlier run may leak into this
            // one.
            Files.deleteIfExists(objects.resolve(".config"));
            Files.deleteIfExists(objects.resolve(".config.old"));
            return generateIn(objects, merge);
          });
    } catch (IOException e) {
      throw new BaseimgException(
          "cannot use the kconfig object directory " + objects + ": " + e.getMessage(), e);
    }
  }

  /** One object directory per tree (where and which version) and toolchain. */
  private String objectsKey() {
    String identity =
        String.join(
            "\n",
            tree.directory().toString(),
            tree.version(),
            String.join(" ", toolchain.makeVariables()),
            toolchain.hostGcc(),
            toolchain.make());
    // The first 8 bytes of the digest, as hex.
    String digest = Hashing.sha256(identity.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    return "linux-" + tree.version() + "-" + digest;
  }

  private Generation generateIn(Path work, FragmentMerge merge)
      throws BaseimgException, InterruptedException {
    merge.merged().write(work.resolve(".config"));
    List<String> command = new ArrayList<>(List.of("make", "-C", tree.directory().toString()));
    command.addAll(toolchain.makeVariables());
    command.add("O=" + work);
    command.add(PHASE);
    events.on(new Event.PhaseStarted(PHASE, -1, "steps"));
    long started = System.nanoTime();
    Processes.Result made =
        Processes.capture(
            Processes.Command.of("make " + PHASE, command).withEnvironment(cleanEnvironment()),
            events);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    KernelConfig result =
        KernelConfig.read(work.resolve(".config")).withOrigin("the generated config");
    // kconfig writes its warnings to standard error; make's own, if any, to standard output.
    List<String> warnings =
        java.util.stream.Stream.concat(made.errors().stream(), made.output().stream())
            .filter(line -> line.contains("warning:") || line.startsWith("WARNING:"))
            .toList();
    events.on(
        new Event.PhaseFinished(
            PHASE, elapsed, "Linux " + tree.version() + ", ARCH=" + toolchain.arch().kernelArch()));
    List<LostValue> lost = survivalCheck(merge, result);
    return new Generation(merge.merged(), result, merge, lost, warnings, tree, toolchain, elapsed);
  }

  /** The tree's Kconfig files for the target, read once, on first need. */
  public Kconfig kconfig() throws BaseimgException {
    if (kconfig == null) {
      Map<String, String> environment = new HashMap<>();
      toolchain
          .compatCrossCompile()
          .ifPresent(prefix -> environment.put("CROSS_COMPILE_COMPAT", prefix));
      environment.put("ARCH", toolchain.arch().kernelArch());
      kconfig = Kconfig.read(tree.directory(), srcarch(toolchain.arch().kernelArch()), environment);
    }
    return kconfig;
  }

  /** The source directory below arch/ for a make ARCH= value (x86_64 and i386 live in x86). */
  static String srcarch(String kernelArch) {
    return switch (kernelArch) {
      case "x86_64", "i386" -> "x86";
      default -> kernelArch;
    };
  }

  /**
   * Every fragment value against the final config: a value survives when the config has it, or when
   * it is {@code n} and the config leaves the symbol out (kconfig writes no line for a symbol whose
   * dependencies are unmet, and such a symbol is n).
   */
  List<LostValue> survivalCheck(FragmentMerge merge, KernelConfig result) throws BaseimgException {
    List<LostValue> lost = new ArrayList<>();
    List<Map.Entry<String, String>> missing = new ArrayList<>();
    for (Map.Entry<String, String> entry : merge.requested().entrySet()) {
      Optional<String> actual = result.value(entry.getKey());
      boolean survived = actual.map(entry.getValue()::equals).orElse(entry.getValue().equals("n"));
      if (!survived) {
        missing.add(entry);
      }
    }
    if (missing.isEmpty()) {
      return lost;
    }
    Kconfig rules = kconfig();
    Map<String, String> requested = merge.requested();
    for (Map.Entry<String, String> entry : missing) {
      lost.add(
          new LostValue(
              entry.getKey(),
              entry.getValue(),
              result.value(entry.getKey()),
              merge.requestedBy().get(entry.getKey()),
              rules.whyNot(result, entry.getKey(), entry.getValue(), requested)));
    }
    return lost;
  }

  /** kconfig's messages in English, so that the warnings can be picked out. */
  private static Map<String, String> cleanEnvironment() {
    return Map.of("LC_ALL", "C");
  }

  private static void deleteScratch(Path scratch) {
    try {
      Trees.delete(scratch);
    } catch (IOException e) {
      // a scratch directory left in /tmp costs space, not correctness
    }
  }
}
