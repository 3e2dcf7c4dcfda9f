package org.baseimg.profiles.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.baseimg.profiles.Problem;
import org.baseimg.profiles.internal.ProfileFormat.Field;
import org.baseimg.profiles.internal.ProfileFormat.Type;
import org.baseimg.profiles.internal.Yaml.Kind;
import org.baseimg.profiles.internal.Yaml.ListNode;
import org.baseimg.profiles.internal.Yaml.MapNode;
import org.baseimg.profiles.internal.Yaml.Node;
import org.baseimg.profiles.internal.Yaml.Scalar;

/**
 * Checks one profile file, as written, against {@link ProfileFormat}: keys, types, allowed values,
 * patterns, ranges, required keys of list items. Every problem is collected, each with its place.
 */
final class Validator {
  /** YAML 1.1 reads these as booleans, YAML 1.2 and most other tools as strings. */
  private static final Set<String> AMBIGUOUS_BOOLEANS =
      Set.of(
          "yes", "no", "on", "off", "y", "n", "Yes", "No", "On", "Off", "YES", "NO", "ON", "OFF",
          "True", "False", "TRUE", "FALSE");

  private final List<Problem> problems = new ArrayList<>();

  private Validator() {}

  /** The problems of one file's tree; empty when it is valid. */
  static List<Problem> check(Node root) {
    Validator validator = new Validator();
    if (root instanceof MapNode map) {
      validator.checkMap(map, ProfileFormat.PROFILE, "");
    } else {
      validator.problem(root, "", "must be a mapping of keys such as name, arch and packages");
    }
    return validator.problems;
  }

  private void checkMap(MapNode map, Field format, String prefix) {
    for (Yaml.Entry entry : map.entries().values()) {
      String written = entry.key();
      boolean append = written.endsWith("+");
      String key = append ? written.substring(0, written.length() - 1) : written;
      String path = prefix.isEmpty() ? written : prefix + "." + written;
      Field field = format.fields().get(key);
      if (field == null) {
        problems.add(
            entry
                .keyLocation()
                .problem(
                    path,
                    "is not a key of "
                        + describe(format, prefix)
                        + suggestion(key, format.fields().keySet())));
        continue;
      }
      if (append && !field.appendable()) {
        problems.add(
            entry
                .keyLocation()
                .problem(
                    path, "only lists can be appended to with '+'; write " + key + ": instead"));
        continue;
      }
      if (append && map.entries().containsKey(key)) {
        problems.add(
            entry
                .keyLocation()
                .problem(
                    path,
                    "is given together with "
                        + key
                        + ": one replaces the inherited list, the other"
                        + " appends to it; keep one"));
        continue;
      }
      checkValue(entry.value(), field, path);
    }
    for (Field field : format.fields().values()) {
      if (field.required()
          && format.type() == Type.LIST_OF_MAPS
          && !map.entries().containsKey(field.key())) {
        problems.add(
            map.location()
                .problem(prefix, "lacks " + field.key() + ": " + lowerFirst(field.description())));
      }
    }
  }

  private static String describe(Field format, String prefix) {
    return prefix.isEmpty() ? "a profile" : prefix.replaceAll("\\[\\d+]$", "");
  }

  private void checkValue(Node value, Field field, String path) {
    if (value instanceof Scalar scalar && scalar.isNull()) {
      // Outside list items, null removes the inherited value (the merge drops the key), as the
      // README promises; a list item inherits nothing, so there it is a missing value.
      if (!field.nullable() && path.contains("[")) {
        problem(value, path, "needs a value" + example(field));
      }
      return;
    }
    switch (field.type()) {
      case STRING -> checkString(value, field, path);
      case BOOLEAN -> checkBoolean(value, path);
      case INTEGER -> checkInteger(value, field, path);
      case MODE -> checkMode(value, field, path);
      case STRING_LIST -> checkStringList(value, field, path);
      case MAP -> checkMapping(value, field, path);
      case LIST_OF_MAPS -> checkListOfMappings(value, field, path);
      case STRING_MAP -> checkStringMap(value, path);
      case INIT -> checkInit(value, field, path);
    }
  }

  private void checkListOfMappings(Node value, Field field, String path) {
    if (!(value instanceof ListNode list)) {
      problem(value, path, "must be a list of mappings (each line starting with '- ')");
      return;
    }
    for (int i = 0; i < list.items().size(); i++) {
      checkMapping(list.items().get(i), field, path + "[" + i + "]");
    }
  }

  private void checkStringMap(Node value, String path) {
    if (!(value instanceof MapNode map)) {
      problem(value, path, "must be a mapping of names to values");
      return;
    }
    for (Yaml.Entry entry : map.entries().values()) {
      if (!(entry.value() instanceof Scalar scalar) || scalar.isNull()) {
        problem(entry.value(), path + "." + entry.key(), "must be a single value");
      }
    }
  }

  /** {@code init:} is a keyword or {@code {file: PATH}}. */
  private void checkInit(Node value, Field field, String path) {
    if (value instanceof MapNode map) {
      checkMap(map, INIT_FILE, path);
      if (!map.entries().containsKey("file")) {
        problem(value, path, "as a mapping needs file: PATH");
      }
    } else {
      checkString(value, field, path);
    }
  }

  private void checkMapping(Node value, Field format, String path) {
    if (value instanceof MapNode map) {
      checkMap(map, format, path);
    } else {
      problem(
          value,
          path,
          "must be a mapping with keys such as " + String.join(", ", format.fields().keySet()));
    }
  }

  private static final Field INIT_FILE =
      Field.of("init", Type.MAP, "init")
          .fields(Field.of("file", Type.STRING, "Your own /init, relative to this profile."))
          .build();

  private void checkString(Node value, Field field, String path) {
    if (!(value instanceof Scalar scalar)) {
      problem(value, path, "must be a single value, not a " + shape(value) + example(field));
      return;
    }
    String text = scalar.text();
    if (!field.allowed().isEmpty() && !field.allowed().contains(text)) {
      problem(
          value,
          path,
          "'"
              + text
              + "' is not one of: "
              + String.join(", ", field.allowed())
              + suggestion(text, field.allowed()));
    } else if (field.pattern() != null && !Pattern.compile(field.pattern()).matcher(text).find()) {
      problem(value, path, "'" + text + "' is not " + patternMeaning(field.pattern()));
    }
  }

  private void checkBoolean(Node value, String path) {
    if (value instanceof Scalar scalar
        && (scalar.kind() == Kind.TRUE || scalar.kind() == Kind.FALSE)
        && (scalar.text().equals("true") || scalar.text().equals("false"))) {
      return;
    }
    if (value instanceof Scalar scalar && AMBIGUOUS_BOOLEANS.contains(scalar.text())) {
      problem(
          value,
          path,
          "write true or false, not '"
              + scalar.text()
              + "': YAML 1.1 reads it as a boolean, other tools as a string");
    } else {
      problem(value, path, "must be true or false");
    }
  }

  private void checkInteger(Node value, Field field, String path) {
    if (!(value instanceof Scalar scalar)
        || scalar.kind() != Kind.INTEGER
        || !scalar.text().matches("-?[0-9]+")) {
      problem(value, path, "must be a whole number");
      return;
    }
    // A BigInteger, so that 2^63 or a hundred digits is out of range, not a parse failure.
    BigInteger number = new BigInteger(scalar.text());
    if ((field.minimum() != null && number.compareTo(BigInteger.valueOf(field.minimum())) < 0)
        || (field.maximum() != null && number.compareTo(BigInteger.valueOf(field.maximum())) > 0)) {
      String shown =
          scalar.text().length() > 30 ? scalar.text().substring(0, 27) + "..." : scalar.text();
      problem(value, path, shown + " is out of range " + field.minimum() + ".." + field.maximum());
    }
  }

  private void checkMode(Node value, Field field, String path) {
    if (value instanceof Scalar scalar && scalar.kind() == Kind.INTEGER) {
      problem(
          value,
          path,
          "write the mode in quotes, e.g. \""
              + scalar.text()
              + "\": unquoted, YAML reads "
              + scalar.text()
              + " as a number and readers disagree"
              + " whether it is octal");
      return;
    }
    checkString(value, field, path);
  }

  private void checkStringList(Node value, Field field, String path) {
    if (!(value instanceof ListNode list)) {
      problem(
          value,
          path,
          "must be a list, e.g. ["
              + (field.defaultValue() == null ? "item" : field.defaultValue())
              + "] or one '- item' per line");
      return;
    }
    if (list.items().size() < field.minItems()) {
      problem(value, path, "needs at least " + field.minItems() + " item(s)");
    }
    for (int i = 0; i < list.items().size(); i++) {
      Node item = list.items().get(i);
      String itemPath = path + "[" + i + "]";
      if (!(item instanceof Scalar scalar) || scalar.isNull()) {
        problem(item, itemPath, "must be a single value");
      } else if (field.pattern() != null
          && !Pattern.compile(field.pattern()).matcher(scalar.text()).find()) {
        problem(
            item, itemPath, "'" + scalar.text() + "' is not " + patternMeaning(field.pattern()));
      }
    }
  }

  private void problem(Node at, String path, String message) {
    problems.add(at.location().problem(path, message));
  }

  private static String shape(Node node) {
    return node instanceof MapNode ? "mapping" : node instanceof ListNode ? "list" : "value";
  }

  private static String example(Field field) {
    if (field.defaultValue() != null && !field.defaultValue().isEmpty()) {
      return ", e.g. " + field.defaultValue();
    }
    if (!field.allowed().isEmpty()) {
      return ": one of " + String.join(", ", field.allowed());
    }
    return "";
  }

  private static String lowerFirst(String text) {
    return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }

  private static final Map<String, String> PATTERN_MEANINGS =
      Map.of(
          ProfileFormat.NAME_PATTERN, "a name (lower-case letters, digits, '.', '_', '-')",
          ProfileFormat.URI_PATTERN, "a URI (http://, https:// or file://)",
          ProfileFormat.PACKAGE_PATTERN, "a Debian package name (optionally =version)",
          ProfileFormat.MODE_PATTERN, "an octal mode such as \"0644\" or \"4755\"",
          ProfileFormat.ABSOLUTE_PATH_PATTERN, "an absolute path (starting with /)",
          ProfileFormat.REPOSITORY_PATTERN, "a registry repository without a tag");

  private static String patternMeaning(String pattern) {
    return PATTERN_MEANINGS.getOrDefault(pattern, "of the form " + pattern);
  }

  /** "; did you mean X?" for the closest known word within two edits, else nothing. */
  static String suggestion(String written, java.util.Collection<String> known) {
    return known.stream()
        .filter(
            candidate ->
                distance(written, candidate) <= Math.max(1, Math.min(2, written.length() / 3)))
        .min(Comparator.comparingInt(candidate -> distance(written, candidate)))
        .map(candidate -> "; did you mean " + candidate + "?")
        .orElse("");
  }

  /** Levenshtein distance with adjacent transpositions (so packgaes is one step from packages). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
