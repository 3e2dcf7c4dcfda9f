package org.baseimg.kconfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fragments applied to a base config by the rules of the kernel's {@code
 * scripts/kconfig/merge_config.sh -m}: for each fragment in turn, every line of the config so far
 * that sets a symbol the fragment sets is removed (a redefinition with a different line is
 * reported), then a line break and the whole fragment are appended. The merged text is what
 * merge_config writes, comments included; the kernel's {@code make olddefconfig} turns it into a
 * complete config.
 *
 * <pre>{@code
 * FragmentMerge merge = FragmentMerge.apply(base, List.of(serialConsole, perf));
 * merge.merged().write(out);
 * merge.redefinitions().forEach(r -> System.err.print(r.mergeConfigMessage()));
 * }</pre>
 *
 * <p>Where merge_config.sh matches text rather than symbols (its {@code sed "/CONFIG_X[ =]/d"} also
 * removes a comment that mentions {@code CONFIG_X}), this merge removes only the lines that set
 * {@code X}; the values that reach {@code make} are the same.
 *
 * @param merged the merged config
 * @param redefinitions each symbol a fragment redefined with another line, in order
 * @param requested the value each fragment asks for, the last fragment winning, in order of first
 *     mention: what must survive {@code make olddefconfig}
 * @param requestedBy which fragment asked for each symbol's value
 */
public record FragmentMerge(
    KernelConfig merged,
    List<Redefinition> redefinitions,
    Map<String, String> requested,
    Map<String, String> requestedBy) {

  public FragmentMerge {
    redefinitions = List.copyOf(redefinitions);
    requested = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requested));
    requestedBy = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requestedBy));
  }

  /** Applies {@code fragments} to {@code base} in order. */
  public static FragmentMerge apply(KernelConfig base, List<KernelConfig> fragments)
      throws ConfigFormatException {
    String text = base.text();
    List<Redefinition> redefinitions = new ArrayList<>();
    Map<String, String> requested = new LinkedHashMap<>();
    Map<String, String> requestedBy = new LinkedHashMap<>();
    for (KernelConfig fragment : fragments) {
      KernelConfig sofar = KernelConfig.parse(text, base.origin());
      Map<String, List<String>> fragmentLines = linesBySymbol(fragment);
      Map<String, List<String>> previousLines = linesBySymbol(sofar);
      for (Map.Entry<String, List<String>> entry : fragmentLines.entrySet()) {
        List<String> previous = previousLines.get(entry.getKey());
        if (previous != null && !previous.equals(entry.getValue())) {
          redefinitions.add(
              new Redefinition(entry.getKey(), fragment.origin(), previous, entry.getValue()));
        }
      }
      StringBuilder next = new StringBuilder();
      boolean lastKept = false;
      for (ConfigLine line : sofar.lines()) {
        lastKept =
            !(line instanceof ConfigLine.Setting setting
                && fragmentLines.containsKey(setting.symbol()));
        if (lastKept) {
          next.append(line.text()).append('\n');
        }
      }
      // As sed keeps a missing final line break; merge_config.sh then adds one "in case the
      // previous file lacks a new line", which makes an empty line when it did not.
      if (lastKept && !text.endsWith("\n")) {
        next.setLength(next.length() - 1);
      }
      next.append('\n').append(fragment.text());
      text = next.toString();
      fragment
          .values()
          .forEach(
              (symbol, value) -> {
                requested.remove(symbol);
                requested.put(symbol, value);
                requestedBy.remove(symbol);
                requestedBy.put(symbol, fragment.origin());
              });
    }
    return new FragmentMerge(
        KernelConfig.parse(text, base.origin()), redefinitions, requested, requestedBy);
  }

  private static Map<String, List<String>> linesBySymbol(KernelConfig config) {
    Map<String, List<String>> lines = new LinkedHashMap<>();
    for (ConfigLine.Setting setting : config.settings()) {
      lines.computeIfAbsent(setting.symbol(), symbol -> new ArrayList<>()).add(setting.text());
    }
    return lines;
  }
}
