package org.baseimg.kconfig.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The preprocessor calls that are not run ({@code $(shell,...)}, {@code $(cc-option,...)}), each
 * standing in the expanded text as a placeholder word, so that the lexer sees one word where the
 * call was and the expression parser can turn it back into an {@link Expr.Unevaluated}.
 */
final class UnevaluatedCalls {
  private static final String PLACEHOLDER = "__kconfig_unevaluated_";

  private final Map<String, String> calls = new HashMap<>();

  /** A new placeholder word standing for {@code call}, e.g. {@code $(shell,true)}. */
  String add(String call) {
    String placeholder = PLACEHOLDER + calls.size() + "__";
    calls.put(placeholder, call);
    return placeholder;
  }

  /** The call {@code word} stands for, if it is a placeholder. */
  Optional<String> call(String word) {
    return Optional.ofNullable(calls.get(word));
  }

  /** {@code text} (a quoted string) with every placeholder in it replaced by its call. */
  String restore(String text) {
    if (!text.contains(PLACEHOLDER)) {
      return text;
    }
    String restored = text;
    for (Map.Entry<String, String> entry : calls.entrySet()) {
      restored = restored.replace(entry.getKey(), entry.getValue());
    }
    return restored;
  }
}
