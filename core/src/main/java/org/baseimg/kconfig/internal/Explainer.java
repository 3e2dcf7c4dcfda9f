package org.baseimg.kconfig.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Says why a symbol has the value it has in a final config, from the Kconfig tree's rules and the
 * config's values: the dependency that is unmet, the prompt that is missing, the select that forces
 * it, the range it left. Reasons are one line each, e.g. {@code SERIAL_MSM=y lost: depends on
 * ARCH_QCOM || COMPILE_TEST, which is n (ARCH_QCOM=n, COMPILE_TEST=n)}.
 */
public final class Explainer {
  private final KconfigModel model;
  private final ConfigValues values;
  private final Map<String, String> requested;
  private final String arch;

  /**
   * @param requested the values the fragments asked for: a lost dependency that was asked for too
   *     is explained in turn, down to the root cause
   * @param arch the architecture's name for messages, e.g. {@code arm64}
   */
  public Explainer(
      KconfigModel model, Map<String, String> config, Map<String, String> requested, String arch) {
    this.model = model;
    this.values = new ConfigValues(model, config);
    this.requested = requested;
    this.arch = arch;
  }

  /** Why {@code symbol} does not have {@code wanted} in the config, in one line. */
  public String whyNot(String symbol, String wanted) {
    return whyNot(symbol, wanted, new HashSet<>());
  }

  /**
   * The first reason that applies, in the order a user would check them: the symbol and the value
   * itself, its dependencies, its prompt, the selects that hold it higher, its range, its choice.
   */
  private String whyNot(String symbol, String wanted, Set<String> seen) {
    seen.add(symbol);
    String asked = symbol + "=" + wanted;
    List<SymbolDefinition> definitions = model.definitions(symbol);
    if (definitions.isEmpty()) {
      return asked + " lost: " + symbol + " is not a symbol on " + arch;
    }
    SymbolDefinition.Type type = model.type(symbol);
    Optional<String> invalid = invalidValue(symbol, wanted, type);
    if (invalid.isPresent()) {
      return asked + " lost: " + invalid.get();
    }
    int need = type.isTristateLike() ? Math.max(ConfigValues.tristateOf(wanted), 0) : 1;
    Optional<SymbolDefinition> blocked = blocked(definitions, need);
    if (blocked.isPresent() && need > 0) {
      return asked + " lost: " + unmet(blocked.get().dependency(), need, seen);
    }
    String actual = values.raw(symbol);
    boolean hasPrompt = definitions.stream().anyMatch(d -> !d.prompts.isEmpty());
    if (!hasPrompt) {
      return asked + ": no prompt; " + noPrompt(symbol, wanted);
    }
    Optional<String> lost =
        hiddenPrompt(definitions)
            .or(() -> selectedAbove(symbol, wanted, type, actual))
            .or(() -> outOfRangeOrChoice(definitions, wanted, type, actual));
    return asked
        + " lost: "
        + lost.orElseGet(
            () ->
                "the final config has "
                    + (actual == null ? "no " + symbol : symbol + "=" + actual));
  }

  /** A value the symbol's type cannot take: m for a bool, a non-number for an int or hex. */
  private Optional<String> invalidValue(String symbol, String wanted, SymbolDefinition.Type type) {
    if (wanted.equals("m") && type == SymbolDefinition.Type.BOOL) {
      return Optional.of(symbol + " is bool on " + arch + ", so m is not a value it takes; use y");
    }
    if ((type == SymbolDefinition.Type.INT || type == SymbolDefinition.Type.HEX)
        && !isNumber(wanted, type)) {
      return Optional.of(
          symbol + " is " + type.keyword() + " on " + arch + "; '" + wanted + "' is not one");
    }
    return Optional.empty();
  }

  /** The first definition, if none of them has its dependency at {@code need} or above. */
  private Optional<SymbolDefinition> blocked(List<SymbolDefinition> definitions, int need) {
    if (definitions.stream().anyMatch(d -> d.dependency().value(values) >= need)) {
      return Optional.empty();
    }
    return Optional.of(definitions.get(0));
  }

  /** The active selects, when they hold a tristate symbol above the wanted value. */
  private Optional<String> selectedAbove(
      String symbol, String wanted, SymbolDefinition.Type type, String actual) {
    if (!type.isTristateLike()
        || ConfigValues.tristateOf(actual == null ? "n" : actual)
            <= ConfigValues.tristateOf(wanted)) {
      return Optional.empty();
    }
    List<String> by = active(model.selectedBy(symbol));
    return by.isEmpty() ? Optional.empty() : Optional.of("selected by " + String.join(", ", by));
  }

  /** Definition by definition: a range the wanted number lies outside, or a choice that took y. */
  private Optional<String> outOfRangeOrChoice(
      List<SymbolDefinition> definitions,
      String wanted,
      SymbolDefinition.Type type,
      String actual) {
    for (SymbolDefinition definition : definitions) {
      Optional<String> reason =
          outOfRange(definition, wanted, type).or(() -> choiceTaken(definition, wanted, actual));
      if (reason.isPresent()) {
        return reason;
      }
    }
    return Optional.empty();
  }

  private Optional<String> outOfRange(
      SymbolDefinition definition, String wanted, SymbolDefinition.Type type) {
    for (SymbolDefinition.Range range : definition.ranges) {
      if (range.condition().value(values) > 0
          && !type.isTristateLike()
          && isNumber(wanted, type)
          && isNumber(range.min().string(values), type)
          && isNumber(range.max().string(values), type)) {
        long value = number(wanted);
        long min = number(range.min().string(values));
        long max = number(range.max().string(values));
        if (value < min || value > max) {
          return Optional.of(
              "outside its range "
                  + range.min().text()
                  + ".."
                  + range.max().text()
                  + (range.min() instanceof Expr.Word w && model.defines(w.name())
                          || range.max() instanceof Expr.Word v && model.defines(v.name())
                      ? " (" + range.min().string(values) + ".." + range.max().string(values) + ")"
                      : ""));
        }
      }
    }
    return Optional.empty();
  }

  private Optional<String> choiceTaken(SymbolDefinition definition, String wanted, String actual) {
    if (definition.choice == null || !wanted.equals("y") || "y".equals(actual)) {
      return Optional.empty();
    }
    String chosen =
        definition.choice.members.stream()
            .filter(member -> "y".equals(values.raw(member)))
            .findFirst()
            .orElse("none of its members");
    return Optional.of("the choice \"" + definition.choice.prompt + "\" took " + chosen);
  }

  /** "depends on X, which is n", naming the factors below {@code need} and their own causes. */
  private String unmet(Expr dependency, int need, Set<String> seen) {
    List<String> parts = new ArrayList<>();
    List<String> causes = new ArrayList<>();
    for (Expr factor : dependency.factors()) {
      int value = factor.value(values);
      if (value >= need) {
        continue;
      }
      String part = "depends on " + factor.text() + ", which is " + ConfigValues.name(value);
      Set<String> symbols = factor.symbols(values);
      if (!(factor instanceof Expr.Word) && !symbols.isEmpty()) {
        part +=
            " ("
                + symbols.stream().map(s -> s + "=" + shown(s)).collect(Collectors.joining(", "))
                + ")";
      }
      parts.add(part);
      for (String symbol : symbols) {
        String wanted = requested.get(symbol);
        if (wanted != null && !seen.contains(symbol) && !wanted.equals(values.raw(symbol))) {
          causes.add(whyNot(symbol, wanted, seen));
        }
      }
    }
    if (parts.isEmpty()) {
      parts.add(
          "depends on "
              + dependency.text()
              + ", which is "
              + ConfigValues.name(dependency.value(values)));
    }
    String text = String.join("; ", parts);
    return causes.isEmpty() ? text : text + "; " + String.join("; ", causes);
  }

  /** For a symbol without a prompt: which other symbol gives it the wanted value. */
  private String noPrompt(String symbol, String wanted) {
    List<String> setters = new ArrayList<>();
    for (SymbolDefinition definition : model.definitions(symbol)) {
      for (SymbolDefinition.Default option : definition.defaults) {
        if (option.value().string(values).equals(wanted) || option.value().text().equals(wanted)) {
          Expr condition = option.condition();
          if (condition instanceof Expr.Word word && model.defines(word.name())) {
            setters.add("set " + word.name() + "=y");
          } else if (!condition.equals(Expr.Y)) {
            setters.add("make " + condition.text() + " true");
          }
        }
      }
    }
    if (!setters.isEmpty()) {
      return String.join(" or ", setters);
    }
    List<String> selectors =
        model.selectedBy(symbol).stream().map(KconfigModel.Selector::symbol).distinct().toList();
    if (!selectors.isEmpty()) {
      return "only a select sets it, from "
          + String.join(", ", selectors.subList(0, Math.min(5, selectors.size())))
          + (selectors.size() > 5 ? " and " + (selectors.size() - 5) + " more" : "");
    }
    return "its value comes from its defaults, not from a config file";
  }

  private Optional<String> hiddenPrompt(List<SymbolDefinition> definitions) {
    String first = null;
    for (SymbolDefinition definition : definitions) {
      for (SymbolDefinition.Prompt prompt : definition.prompts) {
        Expr shown = Expr.and(prompt.condition(), definition.visibleIf());
        if (shown.value(values) > 0) {
          return Optional.empty();
        }
        if (first == null) {
          first =
              "its prompt \"" + prompt.text() + "\" shows only if " + shown.text() + ", which is n";
        }
      }
    }
    return Optional.ofNullable(first);
  }

  private List<String> active(List<KconfigModel.Selector> selectors) {
    List<String> active = new ArrayList<>();
    for (KconfigModel.Selector selector : selectors) {
      if (selector.condition().value(values) > 0) {
        active.add(
            selector.symbol() + "=" + shown(selector.symbol()) + " (" + selector.location() + ")");
      }
    }
    return active;
  }

  private String shown(String symbol) {
    String raw = values.raw(symbol);
    return raw != null ? raw : model.type(symbol).isTristateLike() ? "n" : "(unset)";
  }

  /** What the symbol's defaults give with the config's values, if any default applies. */
  public Optional<String> defaultValue(String symbol) {
    for (SymbolDefinition definition : model.definitions(symbol)) {
      if (definition.dependency().value(values) == 0) {
        continue;
      }
      for (SymbolDefinition.Default option : definition.defaults) {
        if (option.condition().value(values) > 0) {
          return Optional.of(option.value().string(values));
        }
      }
    }
    return Optional.empty();
  }

  /** A few lines about the symbol: its value, definition, dependencies and who selects it. */
  public List<String> describe(String symbol) {
    List<String> lines = new ArrayList<>();
    String raw = values.raw(symbol);
    List<SymbolDefinition> definitions = model.definitions(symbol);
    lines.add(symbol + (raw == null ? " is not in the config" : "=" + raw));
    if (definitions.isEmpty()) {
      lines.add("  not a symbol on " + arch);
      return lines;
    }
    for (SymbolDefinition definition : definitions) {
      String prompt =
          definition.prompts.isEmpty()
              ? "(no prompt)"
              : "\"" + definition.prompts.get(0).text() + "\"";
      lines.add("  " + definition.type.keyword() + " " + prompt + " at " + definition.location());
      Expr dependency = definition.dependency();
      if (!dependency.equals(Expr.Y)) {
        lines.add(
            "  depends on "
                + dependency.text()
                + ", which is "
                + ConfigValues.name(dependency.value(values)));
      }
      definition
          .choice()
          .ifPresent(
              choice ->
                  lines.add(
                      "  a member of the choice \""
                          + choice.prompt()
                          + "\" at "
                          + choice.location()));
    }
    List<String> selected = active(model.selectedBy(symbol));
    if (!selected.isEmpty()) {
      lines.add("  selected by " + String.join(", ", selected));
    }
    List<String> implied = active(model.impliedBy(symbol));
    if (!implied.isEmpty()) {
      lines.add("  implied by " + String.join(", ", implied));
    }
    defaultValue(symbol)
        .ifPresent(value -> lines.add("  default here: " + (value.isEmpty() ? "(empty)" : value)));
    SymbolDefinition.Type type = model.type(symbol);
    if (type.isTristateLike() && (raw == null || raw.equals("n"))) {
      lines.add("  why not y: " + whyNot(symbol, "y"));
    }
    return lines;
  }

  private static boolean isNumber(String text, SymbolDefinition.Type type) {
    try {
      number(text);
      return type != SymbolDefinition.Type.HEX || text.startsWith("0x") || text.startsWith("0X");
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static long number(String text) {
    return text.startsWith("0x") || text.startsWith("0X")
        ? Long.parseLong(text.substring(2), 16)
        : Long.parseLong(text);
  }
}
