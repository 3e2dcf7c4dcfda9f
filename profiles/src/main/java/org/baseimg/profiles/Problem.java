package org.baseimg.profiles;

/**
 * One mistake in a profile, where it is and what to do about it.
 *
 * @param file the profile file as the user named it, or {@code <name>.yaml (stock)}
 * @param line 1-based line, 0 when the mistake has no single place
 * @param column 1-based column, 0 when unknown
 * @param key the dotted key at fault, e.g. {@code repositories[0].signed-by}; empty for the file
 * @param message what is wrong and what to do
 */
public record Problem(String file, int line, int column, String key, String message) {

  /** {@code file:line:column: key: message}, as compilers print it. */
  @Override
  public String toString() {
    String where = line > 0 ? file + ":" + line + ":" + column : file;
    return key.isEmpty() ? where + ": " + message : where + ": " + key + ": " + message;
  }
}
