package org.baseimg.kconfig.internal;

import java.util.Map;

/** A {@code .config}'s values seen through a Kconfig model: absent bools are n, types respected. */
public final class ConfigValues implements Expr.Values {
  private final KconfigModel model;
  private final Map<String, String> values;

  public ConfigValues(KconfigModel model, Map<String, String> values) {
    this.model = model;
    this.values = values;
  }

  @Override
  public int tristate(String symbol) {
    if (!model.type(symbol).isTristateLike()) {
      return 0;
    }
    return switch (values.getOrDefault(symbol, "n")) {
      case "y" -> 2;
      case "m" -> 1;
      default -> 0;
    };
  }

  @Override
  public String string(String symbol) {
    SymbolDefinition.Type type = model.type(symbol);
    String value = values.get(symbol);
    if (type.isTristateLike()) {
      return value == null ? "n" : value;
    }
    if (value == null) {
      return "";
    }
    return type == SymbolDefinition.Type.STRING ? unquote(value) : value;
  }

  @Override
  public boolean isSymbol(String symbol) {
    return model.defines(symbol);
  }

  /** The value as the config file has it, if it has one. */
  public String raw(String symbol) {
    return values.get(symbol);
  }

  /** A .config string value without its quotes and escapes. */
  static String unquote(String value) {
    if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
      return value;
    }
    return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
  }

  /** The tristate a requested value stands for: y 2, m 1, else 0. */
  static int tristateOf(String value) {
    return switch (value) {
      case "y" -> 2;
      case "m" -> 1;
      default -> 0;
    };
  }

  static String name(int tristate) {
    return switch (tristate) {
      case 2 -> "y";
      case 1 -> "m";
      default -> "n";
    };
  }
}
