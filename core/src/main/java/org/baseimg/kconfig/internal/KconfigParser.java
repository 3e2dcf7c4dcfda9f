package org.baseimg.kconfig.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.baseimg.kconfig.KconfigSyntaxException;

/**
 * Reads a Kconfig tree without running anything: {@code source} (with {@code $(SRCARCH)} and the
 * tree's own variables expanded), {@code menu}, {@code if} and {@code choice} blocks, {@code
 * depends on}, {@code select}, {@code imply}, {@code visible if}, prompts with conditions, defaults
 * and ranges. A {@code $(shell,...)} or a call of a function such as {@code $(cc-option,...)} is
 * not run: it stays an {@link Expr.Unevaluated}, because the values of the symbols that use it come
 * from the final {@code .config}.
 *
 * <p>This class reads statements and keeps the open blocks; {@link LogicalLines} joins lines and
 * skips help texts, {@link MacroExpander} expands {@code $(...)}, {@link KconfigLexer} makes tokens
 * and {@link ExpressionParser} reads names and expressions from them.
 */
public final class KconfigParser {
  /**
   * How deep {@code if}, {@code menu} and {@code choice} blocks may nest. The kernel's own trees
   * stay below ten; the limit turns an absurd file into a syntax error instead of conditions too
   * deep to evaluate.
   */
  static final int MAX_BLOCK_DEPTH = 1000;

  /**
   * How much text all the files read may hold together. The arm64 tree reads about 10 MiB; a file
   * sourced many times over without a cycle would otherwise read on without end.
   */
  static final long MAX_TREE_CHARS = 128L << 20;

  /** An open {@code if}, {@code menu} or {@code choice}. */
  private record Block(
      String keyword,
      Expr condition,
      Expr visibleIf,
      SymbolDefinition.Choice choice,
      String file,
      int line) {
    Block with(Expr newCondition, Expr newVisibleIf, SymbolDefinition.Choice newChoice) {
      return new Block(keyword, newCondition, newVisibleIf, newChoice, file, line);
    }
  }

  /** A Kconfig file being read, and the {@code source} statement that opened it. */
  private record Inclusion(String name, Path normalized, String from, int fromLine) {}

  private final Path tree;
  private final MacroExpander expander;
  private final KconfigModel model = new KconfigModel();
  private final Deque<Block> blocks = new ArrayDeque<>();
  private final List<Inclusion> reading = new ArrayList<>();

  /** What attributes apply to now: a symbol, a choice, a menu, or a comment (ignored). */
  private SymbolDefinition symbol;

  private Block open;
  private boolean inComment;

  private long bytesRead;

  private KconfigParser(Path tree, Map<String, String> environment) {
    this.tree = tree;
    this.expander = new MacroExpander(environment);
  }

  /**
   * Reads the tree from its top {@code Kconfig}.
   *
   * @param environment what the kernel's make exports to Kconfig: {@code ARCH}, {@code SRCARCH},
   *     and whatever else should expand (e.g. {@code CROSS_COMPILE_COMPAT}); a variable not given
   *     expands to nothing, as an unset one does in kconfig
   */
  public static KconfigModel read(Path tree, Map<String, String> environment)
      throws KconfigSyntaxException {
    KconfigParser parser = new KconfigParser(tree, environment);
    parser.parseFile("Kconfig", "Kconfig", 0);
    if (!parser.blocks.isEmpty()) {
      Block block = parser.blocks.peek();
      throw new KconfigSyntaxException(
          block.file, block.line, block.keyword + " without end" + block.keyword);
    }
    return parser.model;
  }

  private void parseFile(String name, String from, int fromLine) throws KconfigSyntaxException {
    Inclusion inclusion = new Inclusion(name, Path.of(name).normalize(), from, fromLine);
    requireNotBeingRead(inclusion);
    reading.add(inclusion);
    try {
      parseLines(name, from, fromLine);
    } finally {
      reading.remove(reading.size() - 1);
    }
  }

  /**
   * Fails when {@code inclusion} names a file that is being read already, as kconfig does
   * ("Recursive inclusion detected"), instead of reading on until the stack overflows.
   */
  private void requireNotBeingRead(Inclusion inclusion) throws KconfigSyntaxException {
    for (int i = 0; i < reading.size(); i++) {
      if (reading.get(i).normalized.equals(inclusion.normalized)) {
        StringBuilder path = new StringBuilder();
        for (int j = i; j < reading.size(); j++) {
          int line = j + 1 < reading.size() ? reading.get(j + 1).fromLine : inclusion.fromLine;
          path.append(reading.get(j).name).append(':').append(line).append(" -> ");
        }
        throw new KconfigSyntaxException(
            inclusion.from,
            inclusion.fromLine,
            "recursive inclusion detected: " + path + inclusion.name);
      }
    }
  }

  private void parseLines(String name, String from, int fromLine) throws KconfigSyntaxException {
    LogicalLines lines;
    try {
      String text = TextFiles.read(tree.resolve(name));
      bytesRead += text.length();
      if (bytesRead > MAX_TREE_CHARS) {
        throw new KconfigSyntaxException(
            from,
            fromLine,
            "the Kconfig files read so far hold more than "
                + (MAX_TREE_CHARS >> 20)
                + " MiB; is a file sourced over and over?");
      }
      lines = new LogicalLines(TextFiles.lines(text), name);
    } catch (TextFiles.RefusedException e) {
      throw e.line() > 0 || fromLine == 0
          ? new KconfigSyntaxException(name, e.line(), e.getMessage())
          : new KconfigSyntaxException(from, fromLine, name + " " + e.getMessage());
    } catch (IOException e) {
      throw new KconfigSyntaxException(
          from, fromLine, "cannot read " + name + ": " + e.getMessage());
    }
    model.files.add(name);
    int depth = blocks.size();
    while (lines.hasNext()) {
      LogicalLines.Line line = lines.next();
      String stripped = line.text().strip();
      if (stripped.isEmpty() || stripped.startsWith("#")) {
        continue;
      }
      Optional<KconfigLexer.Assignment> assignment = KconfigLexer.assignment(stripped);
      if (assignment.isPresent()) {
        KconfigLexer.Assignment a = assignment.get();
        expander.assign(a.name(), a.operator(), a.value(), name, line.number());
        continue;
      }
      String expanded = expander.expand(stripped, name, line.number());
      List<KconfigLexer.Token> tokens = KconfigLexer.tokens(expanded, name, line.number());
      if (tokens.isEmpty()) {
        continue; // a line that was only $(info,...) or $(error-if,...)
      }
      String keyword = tokens.get(0).text();
      if (keyword.equals("help") || keyword.equals("---help---")) {
        lines.skipHelp();
        continue;
      }
      statement(keyword, tokens, name, line.number());
    }
    if (blocks.size() != depth) {
      Block block = blocks.peek();
      throw new KconfigSyntaxException(
          block.file, block.line, block.keyword + " is not closed in the same file");
    }
  }

  private void statement(String keyword, List<KconfigLexer.Token> tokens, String file, int line)
      throws KconfigSyntaxException {
    ExpressionParser at = new ExpressionParser(tokens, file, line, expander.unevaluated());
    at.next();
    switch (keyword) {
      case "config", "menuconfig" -> config(at.word(), at, file, line);
      case "choice" -> {
        if (at.hasMore()) {
          at.word();
        }
        begin(push("choice", Expr.Y, new SymbolDefinition.Choice("", file, line), file, line));
      }
      case "menu" -> {
        at.string();
        begin(push("menu", Expr.Y, null, file, line));
      }
      case "if" -> {
        Expr condition = at.expression();
        at.end();
        push("if", condition, null, file, line);
        begin(null);
      }
      case "endchoice", "endmenu", "endif" -> {
        String opener = keyword.substring(3);
        if (blocks.isEmpty() || !blocks.peek().keyword.equals(opener)) {
          throw new KconfigSyntaxException(file, line, keyword + " without " + opener);
        }
        blocks.pop();
        begin(null);
      }
      case "comment" -> {
        at.string();
        begin(null);
        inComment = true;
      }
      case "mainmenu" -> begin(null);
      case "source" -> {
        String path = at.string();
        at.end();
        begin(null);
        parseFile(path, file, line);
      }
      default -> attribute(keyword, at, file, line);
    }
  }

  /** A new entry begins: {@code block} (a menu or choice) or nothing takes the attributes. */
  private void begin(Block block) {
    symbol = null;
    open = block;
    inComment = false;
  }

  private void config(String name, ExpressionParser at, String file, int line)
      throws KconfigSyntaxException {
    at.end();
    Block choiceBlock = innermost("choice");
    SymbolDefinition.Choice choice = choiceBlock == null ? null : choiceBlock.choice;
    begin(null);
    symbol = new SymbolDefinition(name, file, line, enclosing(), visibleIf(), choice);
    if (choice != null) {
      choice.members.add(name);
      // A choice's members take its type.
      symbol.type = SymbolDefinition.Type.BOOL;
    }
    model.definitions.computeIfAbsent(name, n -> new ArrayList<>()).add(symbol);
  }

  private Block push(
      String keyword, Expr condition, SymbolDefinition.Choice choice, String file, int line)
      throws KconfigSyntaxException {
    if (blocks.size() >= MAX_BLOCK_DEPTH) {
      throw new KconfigSyntaxException(
          file,
          line,
          "if, menu and choice blocks nested deeper than " + MAX_BLOCK_DEPTH + " levels");
    }
    Block block = new Block(keyword, condition, Expr.Y, choice, file, line);
    blocks.push(block);
    return block;
  }

  /** A menu's or choice's attributes change the block on the stack, so replace it there. */
  private void replaceOpen(Block updated) {
    blocks.pop();
    blocks.push(updated);
    open = updated;
  }

  private Block innermost(String keyword) {
    for (Block block : blocks) {
      if (block.keyword.equals(keyword)) {
        return block;
      }
    }
    return null;
  }

  private Expr enclosing() {
    Expr condition = Expr.Y;
    for (Block block : blocks) {
      condition = Expr.and(block.condition, condition);
    }
    return condition;
  }

  private Expr visibleIf() {
    Expr visible = Expr.Y;
    for (Block block : blocks) {
      visible = Expr.and(block.visibleIf, visible);
    }
    return visible;
  }

  private void attribute(String keyword, ExpressionParser at, String file, int line)
      throws KconfigSyntaxException {
    if (symbol == null && open == null) {
      if (inComment && keyword.equals("depends")) {
        return;
      }
      throw new KconfigSyntaxException(
          file, line, "'" + keyword + "' outside a config, menu or choice entry");
    }
    switch (keyword) {
      case "bool", "tristate", "int", "hex", "string" -> type(keyword, at);
      case "def_bool", "def_tristate", "default" -> defaultValue(keyword, at);
      case "prompt" -> {
        String text = at.string();
        addPrompt(text, at.condition());
        at.end();
      }
      case "depends" -> {
        at.keyword("on");
        Expr condition = at.expression();
        at.end();
        if (symbol != null) {
          symbol.depends = Expr.and(symbol.depends, condition);
        } else if (!inComment) {
          replaceOpen(open.with(Expr.and(open.condition, condition), open.visibleIf, open.choice));
        }
      }
      case "visible" -> {
        at.keyword("if");
        Expr condition = at.expression();
        at.end();
        if (open != null) {
          replaceOpen(open.with(open.condition, Expr.and(open.visibleIf, condition), open.choice));
        }
      }
      case "select", "imply" -> reverseDependency(keyword, at, file, line);
      case "range" -> {
        Expr min = at.atom();
        Expr max = at.atom();
        Expr condition = at.condition();
        at.end();
        if (symbol != null) {
          symbol.ranges.add(new SymbolDefinition.Range(min, max, condition));
        }
      }
      case "option", "modules", "optional", "transitional", "allnoconfig_y", "defconfig_list" -> {
        // No bearing on a value read from a .config.
      }
      default -> throw new KconfigSyntaxException(file, line, "unknown keyword '" + keyword + "'");
    }
  }

  /** {@code bool "prompt" if cond} and the other types. */
  private void type(String keyword, ExpressionParser at) throws KconfigSyntaxException {
    SymbolDefinition.Type type = SymbolDefinition.Type.valueOf(keyword.toUpperCase(Locale.ROOT));
    if (at.hasMore() && at.peekIsString()) {
      String text = at.string();
      addPrompt(text, at.condition());
    }
    at.end();
    if (symbol != null) {
      symbol.type = type;
    }
  }

  /** {@code default}, {@code def_bool} and {@code def_tristate}: a value, maybe a condition. */
  private void defaultValue(String keyword, ExpressionParser at) throws KconfigSyntaxException {
    Expr value = at.expression();
    Expr condition = at.condition();
    at.end();
    if (symbol == null) {
      return;
    }
    if (keyword.equals("def_bool")) {
      symbol.type = SymbolDefinition.Type.BOOL;
    } else if (keyword.equals("def_tristate")) {
      symbol.type = SymbolDefinition.Type.TRISTATE;
    }
    symbol.defaults.add(new SymbolDefinition.Default(value, condition));
  }

  /** {@code select TARGET if cond} or {@code imply TARGET if cond}, recorded on both ends. */
  private void reverseDependency(String keyword, ExpressionParser at, String file, int line)
      throws KconfigSyntaxException {
    String target = at.word();
    Expr condition = at.condition();
    at.end();
    if (symbol == null) {
      return;
    }
    boolean select = keyword.equals("select");
    SymbolDefinition.Reverse reverse = new SymbolDefinition.Reverse(target, condition);
    (select ? symbol.selects : symbol.implies).add(reverse);
    Expr when = Expr.and(new Expr.Word(symbol.name), condition);
    (select ? model.selectedBy : model.impliedBy)
        .computeIfAbsent(target, t -> new ArrayList<>())
        .add(new KconfigModel.Selector(symbol.name, when, file + ":" + line));
  }

  private void addPrompt(String text, Expr condition) {
    if (symbol != null) {
      symbol.prompts.add(new SymbolDefinition.Prompt(text, condition));
    } else if (open != null && open.choice != null && open.choice.prompt.isEmpty()) {
      SymbolDefinition.Choice old = open.choice;
      SymbolDefinition.Choice named = new SymbolDefinition.Choice(text, old.file, old.line);
      replaceOpen(open.with(open.condition, open.visibleIf, named));
    }
  }
}
