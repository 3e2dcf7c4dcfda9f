package org.baseimg.kconfig.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baseimg.kconfig.KconfigSyntaxException;

/**
 * Reads a Kconfig tree without running anything: {@code source} (with {@code $(SRCARCH)} and the
 * tree's own variables expanded), {@code menu}, {@code if} and {@code choice} blocks, {@code
 * depends on}, {@code select}, {@code imply}, {@code visible if}, prompts with conditions, defaults
 * and ranges. A {@code $(shell,...)} or a call of a function such as {@code $(cc-option,...)} is
 * not run: it stays an {@link Expr.Unevaluated}, because the values of the symbols that use it come
 * from the final {@code .config}.
 */
public final class KconfigParser {
  private static final Pattern ASSIGNMENT =
      Pattern.compile("([A-Za-z0-9_-]+)[ \\t]*(:=|\\+=|=)[ \\t]*(.*)");
  private static final String PLACEHOLDER = "__kconfig_unevaluated_";
  private static final Set<String> STATEMENTS =
      Set.of(
          "config",
          "menuconfig",
          "choice",
          "endchoice",
          "comment",
          "menu",
          "endmenu",
          "if",
          "endif",
          "source",
          "mainmenu");

  /** An open {@code if}, {@code menu} or {@code choice}. */
  private record Block(
      String keyword,
      Expr condition,
      Expr visibleIf,
      SymbolDefinition.Choice choice,
      String file,
      int line) {}

  private final Path tree;
  private final Map<String, String> environment;
  private final Map<String, String> variables = new HashMap<>();
  private final Set<String> recursive = new java.util.HashSet<>();
  private final Map<String, String> unevaluated = new HashMap<>();
  private final KconfigModel model = new KconfigModel();
  private final Deque<Block> blocks = new ArrayDeque<>();

  /** What attributes apply to now: a symbol, a choice, a menu, or a comment (ignored). */
  private SymbolDefinition symbol;

  private Block open;
  private boolean inComment;

  private KconfigParser(Path tree, Map<String, String> environment) {
    this.tree = tree;
    this.environment = environment;
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
    Path file = tree.resolve(name);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new KconfigSyntaxException(
          from, fromLine, "cannot read " + name + ": " + e.getMessage());
    }
    model.files.add(name);
    int depth = blocks.size();
    int i = 0;
    while (i < lines.size()) {
      int number = i + 1;
      StringBuilder logical = new StringBuilder(lines.get(i));
      i++;
      while (logical.length() > 0
          && logical.charAt(logical.length() - 1) == '\\'
          && i < lines.size()) {
        logical.setLength(logical.length() - 1);
        logical.append(lines.get(i));
        i++;
      }
      String raw = logical.toString();
      String stripped = raw.strip();
      if (stripped.isEmpty() || stripped.startsWith("#")) {
        continue;
      }
      Matcher assignment = ASSIGNMENT.matcher(stripped);
      if (assignment.matches() && !STATEMENTS.contains(assignment.group(1))) {
        assign(assignment.group(1), assignment.group(2), assignment.group(3));
        continue;
      }
      List<Token> tokens = Token.split(expand(stripped, name, number), name, number);
      if (tokens.isEmpty()) {
        continue; // a line that was only $(info,...) or $(error-if,...)
      }
      String keyword = tokens.get(0).text;
      if (keyword.equals("help") || keyword.equals("---help---")) {
        i = skipHelp(lines, i);
        continue;
      }
      statement(keyword, tokens, name, number);
    }
    if (blocks.size() != depth) {
      Block block = blocks.peek();
      throw new KconfigSyntaxException(
          block.file, block.line, block.keyword + " is not closed in the same file");
    }
  }

  private void statement(String keyword, List<Token> tokens, String file, int line)
      throws KconfigSyntaxException {
    Cursor at = new Cursor(tokens, file, line, unevaluated);
    at.next();
    switch (keyword) {
      case "config", "menuconfig" -> {
        String name = at.word();
        at.end();
        Block choiceBlock = innermost("choice");
        SymbolDefinition.Choice choice = choiceBlock == null ? null : choiceBlock.choice;
        symbol = new SymbolDefinition(name, file, line, enclosing(), visibleIf(), choice);
        if (choice != null) {
          choice.members.add(name);
          // A choice's members take its type.
          symbol.type = SymbolDefinition.Type.BOOL;
        }
        model.definitions.computeIfAbsent(name, n -> new ArrayList<>()).add(symbol);
        open = null;
        inComment = false;
      }
      case "choice" -> {
        if (at.hasMore()) {
          at.word();
        }
        open =
            push("choice", Expr.Y, Expr.Y, new SymbolDefinition.Choice("", file, line), file, line);
        symbol = null;
        inComment = false;
      }
      case "menu" -> {
        at.string();
        open = push("menu", Expr.Y, Expr.Y, null, file, line);
        symbol = null;
        inComment = false;
      }
      case "if" -> {
        Expr condition = at.expression();
        at.end();
        push("if", condition, Expr.Y, null, file, line);
        symbol = null;
        open = null;
        inComment = false;
      }
      case "endchoice", "endmenu", "endif" -> {
        String opener = keyword.substring(3);
        if (blocks.isEmpty() || !blocks.peek().keyword.equals(opener)) {
          throw new KconfigSyntaxException(file, line, keyword + " without " + opener);
        }
        blocks.pop();
        symbol = null;
        open = null;
        inComment = false;
      }
      case "comment" -> {
        at.string();
        symbol = null;
        open = null;
        inComment = true;
      }
      case "mainmenu" -> {
        symbol = null;
        open = null;
        inComment = false;
      }
      case "source" -> {
        String path = at.string();
        at.end();
        symbol = null;
        open = null;
        inComment = false;
        parseFile(path, file, line);
      }
      default -> attribute(keyword, at, file, line);
    }
  }

  private Block push(
      String keyword,
      Expr condition,
      Expr visibleIf,
      SymbolDefinition.Choice choice,
      String file,
      int line) {
    Block block = new Block(keyword, condition, visibleIf, choice, file, line);
    blocks.push(block);
    return block;
  }

  /** A menu's or choice's attributes change the block on the stack, so replace it there. */
  private void update(Expr condition, Expr visibleIf) {
    Block old = blocks.pop();
    Block updated = new Block(old.keyword, condition, visibleIf, old.choice, old.file, old.line);
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

  private void attribute(String keyword, Cursor at, String file, int line)
      throws KconfigSyntaxException {
    if (symbol == null && open == null) {
      if (inComment && keyword.equals("depends")) {
        return;
      }
      throw new KconfigSyntaxException(
          file, line, "'" + keyword + "' outside a config, menu or choice entry");
    }
    switch (keyword) {
      case "bool", "tristate", "int", "hex", "string" -> {
        SymbolDefinition.Type type =
            SymbolDefinition.Type.valueOf(keyword.toUpperCase(java.util.Locale.ROOT));
        if (at.hasMore() && at.peekIsString()) {
          String text = at.string();
          addPrompt(text, at.condition());
        }
        at.end();
        if (symbol != null) {
          symbol.type = type;
        }
      }
      case "def_bool", "def_tristate" -> {
        Expr value = at.expression();
        Expr condition = at.condition();
        at.end();
        if (symbol != null) {
          symbol.type =
              keyword.equals("def_bool")
                  ? SymbolDefinition.Type.BOOL
                  : SymbolDefinition.Type.TRISTATE;
          symbol.defaults.add(new SymbolDefinition.Default(value, condition));
        }
      }
      case "prompt" -> {
        String text = at.string();
        addPrompt(text, at.condition());
        at.end();
      }
      case "default" -> {
        Expr value = at.expression();
        Expr condition = at.condition();
        at.end();
        if (symbol != null) {
          symbol.defaults.add(new SymbolDefinition.Default(value, condition));
        }
      }
      case "depends" -> {
        at.keyword("on");
        Expr condition = at.expression();
        at.end();
        if (symbol != null) {
          symbol.depends = Expr.and(symbol.depends, condition);
        } else if (!inComment) {
          update(Expr.and(open.condition, condition), open.visibleIf);
        }
      }
      case "visible" -> {
        at.keyword("if");
        Expr condition = at.expression();
        at.end();
        if (open != null) {
          update(open.condition, Expr.and(open.visibleIf, condition));
        }
      }
      case "select", "imply" -> {
        String target = at.word();
        Expr condition = at.condition();
        at.end();
        if (symbol != null) {
          SymbolDefinition.Reverse reverse = new SymbolDefinition.Reverse(target, condition);
          (keyword.equals("select") ? symbol.selects : symbol.implies).add(reverse);
          Expr when = Expr.and(new Expr.Word(symbol.name), condition);
          (keyword.equals("select") ? model.selectedBy : model.impliedBy)
              .computeIfAbsent(target, t -> new ArrayList<>())
              .add(new KconfigModel.Selector(symbol.name, when, file + ":" + line));
        }
      }
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

  private void addPrompt(String text, Expr condition) {
    if (symbol != null) {
      symbol.prompts.add(new SymbolDefinition.Prompt(text, condition));
    } else if (open != null && open.choice != null && open.choice.prompt.isEmpty()) {
      SymbolDefinition.Choice old = open.choice;
      SymbolDefinition.Choice named = new SymbolDefinition.Choice(text, old.file, old.line);
      Block block = blocks.pop();
      Block updated =
          new Block(block.keyword, block.condition, block.visibleIf, named, block.file, block.line);
      blocks.push(updated);
      open = updated;
    }
  }

  /** Skips a help text: the lines indented at least as far as its first one, blank ones too. */
  private static int skipHelp(List<String> lines, int from) {
    int i = from;
    while (i < lines.size() && lines.get(i).isBlank()) {
      i++;
    }
    if (i == lines.size()) {
      return i;
    }
    int indent = indent(lines.get(i));
    if (indent == 0) {
      return i;
    }
    while (i < lines.size() && (lines.get(i).isBlank() || indent(lines.get(i)) >= indent)) {
      i++;
    }
    return i;
  }

  private static int indent(String line) {
    int columns = 0;
    for (char c : line.toCharArray()) {
      if (c == ' ') {
        columns++;
      } else if (c == '\t') {
        columns = (columns & ~7) + 8;
      } else {
        break;
      }
    }
    return columns;
  }

  private void assign(String name, String operator, String value) {
    switch (operator) {
      case ":=" -> {
        variables.put(name, expand(value, "", 0));
        recursive.remove(name);
      }
      case "=" -> {
        variables.put(name, value);
        recursive.add(name);
      }
      default -> {
        String appended = recursive.contains(name) ? value : expand(value, "", 0);
        String old = variables.get(name);
        variables.put(name, old == null || old.isEmpty() ? appended : old + " " + appended);
      }
    }
  }

  /**
   * Expands {@code $(...)} references: variables of the tree and of the environment are replaced by
   * their values; calls that would run something become placeholders.
   */
  private String expand(String text, String file, int line) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
        int end = closing(text, i + 1);
        if (end < 0) {
          out.append(text.substring(i));
          break;
        }
        out.append(call(text.substring(i, end + 1), file, line));
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static int closing(String text, int open) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private String call(String reference, String file, int line) {
    String inner = reference.substring(2, reference.length() - 1);
    int comma = topLevelComma(inner);
    String name = expand(comma < 0 ? inner : inner.substring(0, comma), file, line).strip();
    if (comma < 0) {
      if (name.equals("filename")) {
        return file;
      }
      if (name.equals("lineno")) {
        return Integer.toString(line);
      }
      if (variables.containsKey(name)) {
        String value = variables.get(name);
        return recursive.contains(name) ? expand(value, file, line) : value;
      }
      return environment.getOrDefault(name, "");
    }
    if (name.equals("info") || name.equals("warning-if") || name.equals("error-if")) {
      return "";
    }
    // $(shell,...) and functions built on it (cc-option, as-instr, success...) are not run.
    String placeholder = PLACEHOLDER + unevaluated.size() + "__";
    unevaluated.put(placeholder, reference);
    return placeholder;
  }

  private static int topLevelComma(String text) {
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** One token of a statement. */
  record Token(String text, boolean quoted) {
    static List<Token> split(String line, String file, int number) throws KconfigSyntaxException {
      List<Token> tokens = new ArrayList<>();
      int i = 0;
      while (i < line.length()) {
        char c = line.charAt(i);
        if (c == ' ' || c == '\t') {
          i++;
        } else if (c == '#') {
          break;
        } else if (c == '"' || c == '\'') {
          StringBuilder text = new StringBuilder();
          int j = i + 1;
          while (j < line.length() && line.charAt(j) != c) {
            if (line.charAt(j) == '\\' && j + 1 < line.length()) {
              j++;
            }
            text.append(line.charAt(j));
            j++;
          }
          if (j >= line.length()) {
            throw new KconfigSyntaxException(file, number, "unterminated string: " + line);
          }
          tokens.add(new Token(text.toString(), true));
          i = j + 1;
        } else if (isWordChar(c)) {
          int j = i;
          while (j < line.length() && isWordChar(line.charAt(j))) {
            j++;
          }
          tokens.add(new Token(line.substring(i, j), false));
          i = j;
        } else {
          String two = i + 1 < line.length() ? line.substring(i, i + 2) : "";
          if (Set.of("&&", "||", "!=", "<=", ">=").contains(two)) {
            tokens.add(new Token(two, false));
            i += 2;
          } else if ("!()=<>".indexOf(c) >= 0) {
            tokens.add(new Token(String.valueOf(c), false));
            i++;
          } else {
            throw new KconfigSyntaxException(file, number, "unexpected '" + c + "' in: " + line);
          }
        }
      }
      return tokens;
    }

    private static boolean isWordChar(char c) {
      return (c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '-'
          || c == '.';
    }
  }

  /** Reads a statement's tokens left to right. */
  private static final class Cursor {
    private final List<Token> tokens;
    private final String file;
    private final int line;
    private final Map<String, String> unevaluated;
    private int position;

    Cursor(List<Token> tokens, String file, int line, Map<String, String> unevaluated) {
      this.tokens = tokens;
      this.file = file;
      this.line = line;
      this.unevaluated = unevaluated;
    }

    void next() {
      position++;
    }

    boolean hasMore() {
      return position < tokens.size();
    }

    boolean peekIsString() {
      return tokens.get(position).quoted;
    }

    private Token take(String wanted) throws KconfigSyntaxException {
      if (!hasMore()) {
        throw new KconfigSyntaxException(
            file, line, "expected " + wanted + " at the end of the line");
      }
      return tokens.get(position++);
    }

    String word() throws KconfigSyntaxException {
      Token token = take("a name");
      if (token.quoted) {
        throw new KconfigSyntaxException(
            file, line, "expected a name, found \"" + token.text + "\"");
      }
      return token.text;
    }

    String string() throws KconfigSyntaxException {
      return take("a quoted text").text;
    }

    void keyword(String wanted) throws KconfigSyntaxException {
      Token token = take("'" + wanted + "'");
      if (token.quoted || !token.text.equals(wanted)) {
        throw new KconfigSyntaxException(
            file, line, "expected '" + wanted + "', found '" + token.text + "'");
      }
    }

    void end() throws KconfigSyntaxException {
      if (hasMore()) {
        throw new KconfigSyntaxException(
            file, line, "unexpected '" + tokens.get(position).text + "' at the end of the line");
      }
    }

    /** An optional trailing {@code if EXPR}; y when there is none. */
    Expr condition() throws KconfigSyntaxException {
      if (hasMore() && !tokens.get(position).quoted && tokens.get(position).text.equals("if")) {
        position++;
        return expression();
      }
      return Expr.Y;
    }

    Expr expression() throws KconfigSyntaxException {
      Expr left = conjunction();
      while (is("||")) {
        position++;
        left = new Expr.Or(left, conjunction());
      }
      return left;
    }

    private Expr conjunction() throws KconfigSyntaxException {
      Expr left = unary();
      while (is("&&")) {
        position++;
        left = new Expr.And(left, unary());
      }
      return left;
    }

    private Expr unary() throws KconfigSyntaxException {
      if (is("!")) {
        position++;
        return new Expr.Not(unary());
      }
      if (is("(")) {
        position++;
        Expr inner = expression();
        if (!is(")")) {
          throw new KconfigSyntaxException(file, line, "missing ')'");
        }
        position++;
        return inner;
      }
      Expr left = atom();
      for (String operator : List.of("=", "!=", "<", "<=", ">", ">=")) {
        if (is(operator)) {
          position++;
          return new Expr.Compare(operator, left, atom());
        }
      }
      return left;
    }

    Expr atom() throws KconfigSyntaxException {
      Token token = take("a symbol or value");
      if (token.quoted) {
        return new Expr.Text(restore(token.text));
      }
      if (token.text.equals("if") || "!()=<>&|".contains(token.text)) {
        throw new KconfigSyntaxException(
            file, line, "expected a symbol or value, found '" + token.text + "'");
      }
      String call = unevaluated.get(token.text);
      return call != null ? new Expr.Unevaluated(call) : new Expr.Word(token.text);
    }

    private String restore(String text) {
      String restored = text;
      if (restored.contains(PLACEHOLDER)) {
        for (Map.Entry<String, String> entry : unevaluated.entrySet()) {
          restored = restored.replace(entry.getKey(), entry.getValue());
        }
      }
      return restored;
    }

    private boolean is(String operator) {
      return hasMore()
          && !tokens.get(position).quoted
          && tokens.get(position).text.equals(operator);
    }
  }
}
