package org.baseimg.kconfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What happened to a config carried from one architecture to another, beyond the fragments: the
 * base's symbols the new architecture does not have, the ones whose dependencies are unmet there,
 * values kconfig reset, symbols that share a name but not a meaning, the old architecture's
 * defaults that became fixed values, and the virtual address size.
 *
 * @param dropped base symbols (not n) that are not symbols on the target, with where the base
 *     architecture defines them
 * @param unmet base symbols (not n) with a prompt on the target that the result leaves out or turns
 *     off, each with its reason
 * @param reset base values the result has with another value (out of range, m for a bool), each
 *     with its reason
 * @param meaningDiffers symbols both architectures define under {@code arch/} with different
 *     prompts, e.g. COMPAT_VDSO
 * @param fixedDefaults values that were the base architecture's default and are kept as a fixed
 *     value where the target's default differs, e.g. NODES_SHIFT
 * @param derived base symbols without a prompt on the target: it computes them itself, so they are
 *     counted, not listed
 * @param kconfigWarnings what kconfig itself warned about while reading the merged config
 * @param virtualAddressBits the target's virtual address size, e.g. {@code ARM64_VA_BITS=48}, if
 *     the target has such a symbol
 */
public record CarryForwardReport(
    List<String> dropped,
    List<String> unmet,
    List<String> reset,
    List<String> meaningDiffers,
    List<String> fixedDefaults,
    int derived,
    List<String> kconfigWarnings,
    Optional<String> virtualAddressBits) {

  /** The target's symbols that give the virtual address size, by kernel source architecture. */
  private static final Map<String, String> VA_BITS = Map.of("arm64", "ARM64_VA_BITS");

  public CarryForwardReport {
    dropped = List.copyOf(dropped);
    unmet = List.copyOf(unmet);
    reset = List.copyOf(reset);
    meaningDiffers = List.copyOf(meaningDiffers);
    fixedDefaults = List.copyOf(fixedDefaults);
    kconfigWarnings = List.copyOf(kconfigWarnings);
  }

  /**
   * Compares the base with the generated config.
   *
   * @param from the tree's Kconfig read for the base's architecture (e.g. x86)
   * @param to the tree's Kconfig read for the target (e.g. arm64)
   */
  public static CarryForwardReport of(
      KernelConfig base, Generation generation, Kconfig from, Kconfig to) {
    KernelConfig result = generation.result();
    List<String> dropped = new ArrayList<>();
    List<String> unmet = new ArrayList<>();
    List<String> reset = new ArrayList<>();
    List<String> meaning = new ArrayList<>();
    List<String> fixed = new ArrayList<>();
    Map<String, String> requested = generation.merge().requested();
    int derived = 0;
    for (Map.Entry<String, String> entry : base.values().entrySet()) {
      String symbol = entry.getKey();
      String value = entry.getValue();
      if (requested.containsKey(symbol)) {
        continue; // the fragments decide these, and the survival check covers them
      }
      Optional<String> now = result.value(symbol);
      if (!to.defines(symbol)) {
        if (!value.equals("n")) {
          dropped.add(
              symbol
                  + "="
                  + value
                  + from.file(symbol).map(file -> " (" + file + ")").orElse(" (defined nowhere)"));
        }
        continue;
      }
      if (to.prompt(symbol).isEmpty()) {
        // No prompt: the target computes the value itself; it was never the base's decision.
        derived++;
      } else if (value.equals("m") && to.type(symbol).orElse("").equals("bool")) {
        reset.add(
            to.whyNot(result, symbol, value, Map.of())
                + now.map(v -> " (now " + v + ")").orElse(" (now absent)"));
      } else if (now.isEmpty() || (now.get().equals("n") && !value.equals("n"))) {
        if (!value.equals("n")) {
          unmet.add(to.whyNot(result, symbol, value, Map.of()));
        }
      } else if (!now.get().equals(value)) {
        reset.add(to.whyNot(result, symbol, value, Map.of()) + " (now " + now.get() + ")");
      } else {
        fixedDefault(base, result, from, to, symbol, value).ifPresent(fixed::add);
      }
      Optional<String> before = from.architecturePrompt(symbol);
      Optional<String> after = to.architecturePrompt(symbol);
      if (before.isPresent() && after.isPresent() && !before.equals(after)) {
        meaning.add(
            symbol
                + "="
                + value
                + ": on "
                + from.srcarch()
                + " \""
                + before.get()
                + "\", on "
                + to.srcarch()
                + " \""
                + after.get()
                + "\""
                + now.map(v -> " (now " + v + ")").orElse(" (now absent)"));
      }
    }
    String vaSymbol = VA_BITS.get(to.srcarch());
    Optional<String> va =
        vaSymbol == null
            ? Optional.empty()
            : Optional.of(
                vaSymbol
                    + "="
                    + result.value(vaSymbol).orElse("(unset)")
                    + (requested.keySet().stream().anyMatch(s -> s.startsWith(vaSymbol))
                        ? " (from a fragment)"
                        : " (" + to.srcarch() + "'s default; the va-48bit fragment gives 48)"));
    return new CarryForwardReport(
        dropped, unmet, reset, meaning, fixed, derived, generation.kconfigWarnings(), va);
  }

  /** A number or string kept from the base that was the base's default but is not the target's. */
  private static Optional<String> fixedDefault(
      KernelConfig base,
      KernelConfig result,
      Kconfig from,
      Kconfig to,
      String symbol,
      String value) {
    Optional<String> type = to.type(symbol);
    if (type.isEmpty() || type.get().equals("bool") || type.get().equals("tristate")) {
      return Optional.empty();
    }
    if (to.prompt(symbol).isEmpty()) {
      return Optional.empty(); // without a prompt the target computes it; nothing was kept
    }
    Optional<String> oldDefault = from.defaultValue(base, symbol);
    Optional<String> newDefault = to.defaultValue(result, symbol);
    String plain = value.startsWith("\"") ? value.substring(1, value.length() - 1) : value;
    if (oldDefault.isPresent()
        && oldDefault.get().equals(plain)
        && newDefault.isPresent()
        && !newDefault.get().equals(plain)) {
      return Optional.of(
          symbol
              + "="
              + value
              + ": "
              + from.srcarch()
              + "'s default, kept as a fixed value; "
              + to.srcarch()
              + "'s default here is "
              + newDefault.get());
    }
    return Optional.empty();
  }

  /** The report as Markdown, with a section per kind and a count in each heading. */
  public String markdown(String title, List<String> preamble) {
    StringBuilder out = new StringBuilder("# ").append(title).append("\n\n");
    preamble.forEach(line -> out.append("- ").append(line).append('\n'));
    virtualAddressBits.ifPresent(
        va -> out.append("- virtual address size: ").append(va).append('\n'));
    section(out, "Same name, different meaning", meaningDiffers);
    section(out, "Defaults of the old architecture kept as fixed values", fixedDefaults);
    section(out, "Values reset", reset);
    section(out, "Dependencies unmet on the new architecture", unmet);
    section(out, "Dropped: not a symbol on the new architecture", dropped);
    section(out, "Warnings from kconfig", kconfigWarnings);
    out.append("\n")
        .append(derived)
        .append(" more symbols of the base have no prompt on the new architecture, which computes")
        .append(" them itself (HAVE_*, CC_*, ...); they are not listed.\n");
    return out.toString();
  }

  private static void section(StringBuilder out, String heading, List<String> lines) {
    out.append("\n## ").append(heading).append(" (").append(lines.size()).append(")\n\n");
    if (lines.isEmpty()) {
      out.append("None.\n");
    }
    lines.forEach(line -> out.append("- `").append(line.replace("`", "'")).append("`\n"));
  }

  /** One line with the count of each kind, for the console. */
  public String summary() {
    return dropped.size()
        + " dropped as unknown, "
        + unmet.size()
        + " with unmet dependencies, "
        + reset.size()
        + " reset, "
        + meaningDiffers.size()
        + " with another meaning, "
        + fixedDefaults.size()
        + " old defaults kept"
        + virtualAddressBits.map(va -> ", " + va).orElse("");
  }
}
