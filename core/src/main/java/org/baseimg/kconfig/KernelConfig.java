package org.baseimg.kconfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.fs.OutputFile;
import org.baseimg.internal.AtomicFile;
import org.baseimg.kconfig.internal.TextFiles;

/**
 * A kernel {@code .config} or config fragment: every line kept as written (values, {@code #
 * CONFIG_X is not set}, comments, blank lines), so that {@link #text()} gives back the bytes that
 * were read (CRLF line ends come back as LF, as the kernel's tools write them).
 *
 * <pre>{@code
 * KernelConfig config = KernelConfig.read(Path.of(".config"));
 * config.value("ARM64_VA_BITS");            // Optional[48]
 * config.values().get("SERIAL_AMBA_PL011"); // "y"
 * }</pre>
 *
 * <p>Values follow the kernel's reading: a later line for a symbol overrides an earlier one, and a
 * "not set" line means {@code n}. Any other line that does not start with {@code #} is rejected, so
 * that a typo in a fragment ({@code CONFIG_FOO y}) fails instead of vanishing.
 */
public final class KernelConfig {
  private static final Pattern VALUE =
      Pattern.compile("CONFIG_([A-Za-z0-9_]+)=(.*)", Pattern.DOTALL);
  private static final Pattern NOT_SET = Pattern.compile("# CONFIG_([A-Za-z0-9_]+) is not set");

  private final String origin;
  private final List<ConfigLine> lines;
  private final boolean finalNewline;
  private final Map<String, String> values;

  private KernelConfig(String origin, List<ConfigLine> lines, boolean finalNewline) {
    this.origin = origin;
    this.lines = List.copyOf(lines);
    this.finalNewline = finalNewline;
    Map<String, String> byName = new LinkedHashMap<>();
    for (ConfigLine line : this.lines) {
      if (line instanceof ConfigLine.Setting setting) {
        byName.put(setting.symbol(), setting.value());
      }
    }
    this.values = Collections.unmodifiableMap(byName);
  }

  /**
   * Reads a config file.
   *
   * @throws BadInputException when the file is missing or has a line that is not a config line
   * @throws BaseimgException when it cannot be read
   */
  public static KernelConfig read(Path file) throws BaseimgException {
    String text;
    try {
      text = TextFiles.read(file);
    } catch (TextFiles.RefusedException e) {
      throw new ConfigFormatException(file.toString(), e.line(), "", e.getMessage());
    } catch (NoSuchFileException e) {
      throw new BadInputException("config " + file + " does not exist", e);
    } catch (IOException e) {
      if (Files.isDirectory(file)) {
        throw new BadInputException("config " + file + " is a directory; give a .config file", e);
      }
      throw new BaseimgException("cannot read config " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /**
   * Parses the text of a config file. Lines end at {@code \n} only, a {@code \r} before it dropped
   * (CRLF), as the kernel's confdata.c and scripts/diffconfig read them; other characters, U+2028
   * included, belong to the line.
   *
   * @param origin names the file in messages, e.g. its path or {@code perf (stock)}
   * @throws ConfigFormatException at the first line that is not a config line, or one longer than
   *     {@link TextFiles#MAX_LINE_CHARS}
   */
  public static KernelConfig parse(String text, String origin) throws ConfigFormatException {
    List<String> texts;
    try {
      texts = TextFiles.lines(text);
    } catch (TextFiles.RefusedException e) {
      throw new ConfigFormatException(origin, e.line(), "", e.getMessage());
    }
    List<ConfigLine> lines = new ArrayList<>();
    int number = 0;
    for (String line : texts) {
      number++;
      lines.add(line(line, number, origin));
    }
    return new KernelConfig(origin, lines, text.endsWith("\n"));
  }

  private static ConfigLine line(String text, int number, String origin)
      throws ConfigFormatException {
    Matcher value = VALUE.matcher(text);
    if (value.matches()) {
      return new ConfigLine.Setting(number, text, value.group(1), value.group(2), false);
    }
    Matcher notSet = NOT_SET.matcher(text);
    if (notSet.matches()) {
      return new ConfigLine.Setting(number, text, notSet.group(1), "n", true);
    }
    if (text.isBlank() || text.startsWith("#")) {
      return new ConfigLine.Comment(number, text);
    }
    throw new ConfigFormatException(origin, number, text);
  }

  /** A config made of these settings, one line each, as the kernel's tools write them. */
  public static KernelConfig of(String origin, List<ConfigLine.Setting> settings) {
    List<ConfigLine> lines = new ArrayList<>();
    for (ConfigLine.Setting setting : settings) {
      lines.add(
          new ConfigLine.Setting(
              lines.size() + 1,
              setting.text(),
              setting.symbol(),
              setting.value(),
              setting.notSet()));
    }
    return new KernelConfig(origin, lines, !lines.isEmpty());
  }

  /** The same lines under another name for messages. */
  public KernelConfig withOrigin(String newOrigin) {
    return new KernelConfig(newOrigin, lines, finalNewline);
  }

  /** Where the config came from, for messages. */
  public String origin() {
    return origin;
  }

  /** Every line, in order. */
  public List<ConfigLine> lines() {
    return lines;
  }

  /** The value and "not set" lines, in order, duplicates included. */
  public List<ConfigLine.Setting> settings() {
    List<ConfigLine.Setting> settings = new ArrayList<>();
    for (ConfigLine line : lines) {
      if (line instanceof ConfigLine.Setting setting) {
        settings.add(setting);
      }
    }
    return settings;
  }

  /**
   * Each symbol's value, the last line for it winning, {@code n} for "not set", in the order the
   * symbols first appear.
   */
  public Map<String, String> values() {
    return values;
  }

  /** The value of {@code symbol} (without {@code CONFIG_}), if the config mentions it. */
  public Optional<String> value(String symbol) {
    return Optional.ofNullable(values.get(symbol));
  }

  /** The file's text, exactly as read (or as the kernel's tools would write these settings). */
  public String text() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (i > 0) {
        text.append('\n');
      }
      text.append(lines.get(i).text());
    }
    if (finalNewline) {
      text.append('\n');
    }
    return text.toString();
  }

  /** Writes {@link #text()} to {@code target}, complete or not at all. */
  public void write(Path target) throws BaseimgException {
    writeTextFile(target, text());
  }

  /** Writes any {@code text} to {@code target} the same way: complete or not at all. */
  public static void writeTextFile(Path target, String text) throws BaseimgException {
    Path resolved;
    try {
      resolved = OutputFile.resolve(target);
    } catch (OutputFile.RefusedException e) {
      throw new BadInputException("cannot write " + target + ": " + e.reason(), e);
    }
    try (AtomicFile file = AtomicFile.create(resolved)) {
      file.stream().write(text.getBytes(StandardCharsets.UTF_8));
      file.commit();
    } catch (IOException e) {
      throw new BaseimgException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return origin + " (" + values.size() + " symbols)";
  }
}
