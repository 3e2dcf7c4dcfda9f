package org.baseimg.kconfig.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code config NAME} entry of a Kconfig tree, with everything around it that bears on its
 * value: the dependencies of the {@code if} blocks, menus and choice it sits in, and its own.
 * Filled in by {@link KconfigParser}; read-only after that.
 */
public final class SymbolDefinition {
  /** A Kconfig type. */
  public enum Type {
    BOOL,
    TRISTATE,
    INT,
    HEX,
    STRING,
    UNKNOWN;

    /** Whether its values are n, m and y. */
    public boolean isTristateLike() {
      return this == BOOL || this == TRISTATE;
    }

    /** As Kconfig writes it. */
    public String keyword() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** {@code prompt "text" if cond}. */
  public record Prompt(String text, Expr condition) {}

  /** {@code default value if cond}. */
  public record Default(Expr value, Expr condition) {}

  /** {@code select TARGET if cond} or {@code imply TARGET if cond}. */
  public record Reverse(String target, Expr condition) {}

  /** {@code range min max if cond}. */
  public record Range(Expr min, Expr max, Expr condition) {}

  /** A {@code choice} block: its prompt and members. */
  public static final class Choice {
    final String prompt;
    final String file;
    final int line;
    final List<String> members = new ArrayList<>();

    Choice(String prompt, String file, int line) {
      this.prompt = prompt;
      this.file = file;
      this.line = line;
    }

    public String prompt() {
      return prompt;
    }

    public List<String> members() {
      return List.copyOf(members);
    }

    public String location() {
      return file + ":" + line;
    }
  }

  final String name;
  final String file;
  final int line;
  Type type = Type.UNKNOWN;
  final Expr enclosing;
  Expr depends = Expr.Y;
  Expr visibleIf = Expr.Y;
  final List<Prompt> prompts = new ArrayList<>();
  final List<Default> defaults = new ArrayList<>();
  final List<Reverse> selects = new ArrayList<>();
  final List<Reverse> implies = new ArrayList<>();
  final List<Range> ranges = new ArrayList<>();
  final Choice choice;

  SymbolDefinition(
      String name, String file, int line, Expr enclosing, Expr visibleIf, Choice choice) {
    this.name = name;
    this.file = file;
    this.line = line;
    this.enclosing = enclosing;
    this.visibleIf = visibleIf;
    this.choice = choice;
  }

  public String name() {
    return name;
  }

  /** The Kconfig file, relative to the top of the tree. */
  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  /** {@code file:line}. */
  public String location() {
    return file + ":" + line;
  }

  public Type type() {
    return type;
  }

  /** Everything the entry depends on: the enclosing blocks' conditions and its own. */
  public Expr dependency() {
    return Expr.and(enclosing, depends);
  }

  /** The enclosing menus' {@code visible if}, which hides prompts without changing values. */
  public Expr visibleIf() {
    return visibleIf;
  }

  public List<Prompt> prompts() {
    return List.copyOf(prompts);
  }

  public List<Default> defaults() {
    return List.copyOf(defaults);
  }

  public List<Reverse> selects() {
    return List.copyOf(selects);
  }

  public List<Reverse> implies() {
    return List.copyOf(implies);
  }

  public List<Range> ranges() {
    return List.copyOf(ranges);
  }

  /** The choice the symbol is a member of. */
  public Optional<Choice> choice() {
    return Optional.ofNullable(choice);
  }
}
