package org.baseimg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.baseimg.qemu.BootProbes;
import org.baseimg.qemu.BootResult;

/** boot-test's result as a table for people and as JSON for CI. */
final class BootTestReport {
  private BootTestReport() {}

  static String table(
      Path artifact, String kernel, BootResult result, List<BootProbes.Probe> probes) {
    StringBuilder out = new StringBuilder();
    out.append(artifact).append(" booted with ").append(kernel).append('\n');
    out.append(
        result
            .timeToMarker()
            .map(
                time ->
                    String.format(
                        Locale.ROOT,
                        "marker after %.1f s: %s%n",
                        time.toMillis() / 1000.0,
                        result.markerLine().orElse("")))
            .orElse("no marker: " + result.summary() + "\n"));
    int width = probes.stream().mapToInt(p -> p.name().length()).max().orElse(10);
    for (BootProbes.Probe probe : probes) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-" + width + "s  %-7s %s%n",
              probe.name(),
              probe.status().name().toLowerCase(Locale.ROOT),
              probe.detail()));
    }
    return out.toString();
  }

  static String json(
      Path artifact,
      String kernel,
      BootResult result,
      List<BootProbes.Probe> probes,
      boolean passed) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("artifact", artifact.toString());
    tree.put("kernel", kernel);
    tree.put("passed", passed);
    tree.put("markerSeen", result.markerSeen());
    result.timeToMarker().ifPresent(time -> tree.put("secondsToMarker", time.toMillis() / 1000.0));
    tree.put(
        "probes",
        probes.stream()
            .map(
                probe -> {
                  Map<String, Object> item = new LinkedHashMap<>();
                  item.put("name", probe.name());
                  item.put("status", probe.status().name().toLowerCase(Locale.ROOT));
                  item.put("detail", probe.detail());
                  return item;
                })
            .toList());
    tree.put("found", result.probes());
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree)
          + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("maps of strings always serialise", e);
    }
  }
}
