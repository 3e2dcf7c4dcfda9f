package org.baseimg.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A shell program shipped as a resource beside the class that runs it ({@code clean.sh} next to
 * {@code CleanStep}), where shellcheck reads it, instead of in a Java string, where nothing does.
 *
 * @param name the resource's file name
 * @param text the program
 */
public record ShellScript(String name, String text) {

  /** Loads {@code name} from {@code owner}'s package; a missing one is a packaging bug. */
  public static ShellScript of(Class<?> owner, String name) {
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing beside " + owner.getName());
      }
      return new ShellScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + name, e);
    }
  }

  /**
   * The command that runs the program with {@code arguments}: {@code /bin/sh -c TEXT NAME ARGS}, so
   * that {@code $0} is its name and {@code $1}... its arguments.
   */
  public List<String> command(String... arguments) {
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", text, name));
    command.addAll(List.of(arguments));
    return command;
  }
}
