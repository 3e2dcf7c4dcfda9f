package org.baseimg.kconfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.baseimg.BadInputException;
import org.baseimg.kconfig.internal.Explainer;
import org.baseimg.kconfig.internal.KconfigModel;
import org.baseimg.kconfig.internal.KconfigParser;
import org.baseimg.kconfig.internal.SymbolDefinition;

/**
 * A kernel tree's Kconfig files read for one architecture, without running anything: which symbols
 * exist, where each is defined, what it depends on, selects and defaults to. Values come from a
 * {@code .config} (the final one, as {@code make olddefconfig} wrote it) rather than from running
 * the {@code $(shell,...)} tests, so explanations describe that config.
 *
 * <pre>{@code
 * Kconfig kconfig = Kconfig.read(tree, "arm64", Map.of());
 * kconfig.whyNot(finalConfig, "SERIAL_MSM", "y", Map.of());
 * // SERIAL_MSM=y lost: depends on ARCH_QCOM || COMPILE_TEST, which is n (ARCH_QCOM=n, ...)
 * }</pre>
 */
public final class Kconfig {
  private final String srcarch;
  private final KconfigModel model;

  private Kconfig(String srcarch, KconfigModel model) {
    this.srcarch = srcarch;
    this.model = model;
  }

  /**
   * Reads {@code tree}'s Kconfig files as {@code make ARCH=...} would for {@code srcarch}.
   *
   * @param srcarch the kernel's source architecture directory: {@code arm64}, {@code x86}
   * @param environment more variables the Kconfig files may read, e.g. {@code CROSS_COMPILE_COMPAT}
   * @throws BadInputException when {@code tree} has no top Kconfig or a file cannot be read
   */
  public static Kconfig read(Path tree, String srcarch, Map<String, String> environment)
      throws BadInputException {
    if (!Files.isRegularFile(tree.resolve("Kconfig"))) {
      throw new BadInputException(
          tree + " has no Kconfig file at its top; give the top directory of a kernel tree");
    }
    if (!Files.isDirectory(tree.resolve("arch").resolve(srcarch))) {
      throw new BadInputException(
          tree + " has no arch/" + srcarch + "; this tree does not support that architecture");
    }
    Map<String, String> variables = new LinkedHashMap<>(environment);
    variables.putIfAbsent("SRCARCH", srcarch);
    variables.putIfAbsent("ARCH", srcarch);
    variables.putIfAbsent("srctree", tree.toString());
    return new Kconfig(srcarch, KconfigParser.read(tree, variables));
  }

  /** The source architecture it was read for, e.g. {@code arm64}. */
  public String srcarch() {
    return srcarch;
  }

  /** Whether the tree defines {@code symbol} (without {@code CONFIG_}) for this architecture. */
  public boolean defines(String symbol) {
    return model.defines(symbol);
  }

  /** Every symbol defined for this architecture. */
  public Set<String> symbols() {
    return model.symbols();
  }

  /** The Kconfig file that first defines {@code symbol}, relative to the tree. */
  public Optional<String> file(String symbol) {
    return model.definitions(symbol).stream().findFirst().map(SymbolDefinition::file);
  }

  /** {@code file:line} of each definition. */
  public List<String> locations(String symbol) {
    return model.definitions(symbol).stream().map(SymbolDefinition::location).toList();
  }

  /** The symbol's type as Kconfig writes it ({@code bool}, {@code int}...), if it is defined. */
  public Optional<String> type(String symbol) {
    return defines(symbol) ? Optional.of(model.type(symbol).keyword()) : Optional.empty();
  }

  /** The text of the symbol's first prompt, if it has one. */
  public Optional<String> prompt(String symbol) {
    return model.definitions(symbol).stream()
        .flatMap(definition -> definition.prompts().stream())
        .findFirst()
        .map(SymbolDefinition.Prompt::text);
  }

  /**
   * The first prompt of a definition below {@code arch/<srcarch>/}: how this architecture itself
   * describes the symbol.
   */
  public Optional<String> architecturePrompt(String symbol) {
    String prefix = "arch/" + srcarch + "/";
    return model.definitions(symbol).stream()
        .filter(definition -> definition.file().startsWith(prefix))
        .flatMap(definition -> definition.prompts().stream())
        .findFirst()
        .map(SymbolDefinition.Prompt::text);
  }

  /**
   * Why {@code symbol} does not have the value {@code wanted} in {@code config}, in one line: an
   * unmet dependency, a missing prompt (and what to set instead), a select, a range, a choice.
   *
   * @param requested other values asked for alongside (a fragment's): when an unmet dependency is
   *     one of them, its own reason follows
   */
  public String whyNot(
      KernelConfig config, String symbol, String wanted, Map<String, String> requested) {
    return new Explainer(model, config.values(), requested, srcarch).whyNot(symbol, wanted);
  }

  /** What {@code symbol}'s defaults give with {@code config}'s values, if one applies. */
  public Optional<String> defaultValue(KernelConfig config, String symbol) {
    return new Explainer(model, config.values(), Map.of(), srcarch).defaultValue(symbol);
  }

  /**
   * A few lines about {@code symbol} in {@code config}: its value, type, prompt and place, its
   * dependencies and their values, who selects it, and, when it is off, why it cannot be on.
   */
  public List<String> describe(KernelConfig config, String symbol) {
    return new Explainer(model, config.values(), Map.of(), srcarch).describe(symbol);
  }

  /**
   * Answers one query about {@code config}: for {@code SYMBOL}, what {@link #describe} says; for
   * {@code SYMBOL=VALUE}, that the config has it, or in one line why not ({@link #whyNot}). A
   * {@code CONFIG_} prefix is dropped.
   */
  public List<String> explain(KernelConfig config, String query) {
    String symbol = query.startsWith("CONFIG_") ? query.substring("CONFIG_".length()) : query;
    int equals = symbol.indexOf('=');
    if (equals < 0) {
      return describe(config, symbol);
    }
    String name = symbol.substring(0, equals);
    String wanted = symbol.substring(equals + 1);
    if (config.value(name).orElse("n").equals(wanted)) {
      return List.of(name + "=" + wanted + ": " + config.origin() + " has it");
    }
    return List.of(whyNot(config, name, wanted, Map.of()));
  }

  /** The Kconfig files read, relative to the tree. */
  public List<String> files() {
    return model.files();
  }
}
