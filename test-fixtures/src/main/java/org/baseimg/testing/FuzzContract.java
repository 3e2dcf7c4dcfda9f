package org.baseimg.testing;

/**
 * What every reader's fuzz target checks of a refusal besides its type: the README promises a
 * readable reason, so a refusal without a message or whose message is a bare exception class name
 * is a finding as much as an unchecked exception is. Control characters in a message are not: the
 * CLI escapes every message it prints.
 */
public final class FuzzContract {
  private FuzzContract() {}

  /** Fails unless {@code refusal} says in words what is wrong. */
  public static void assertReadable(Exception refusal) {
    String message = refusal.getMessage();
    if (message == null || message.isBlank()) {
      throw new AssertionError("refused without a message", refusal);
    }
    if (message.matches("(?s)(java|javax|sun|jdk|org\\.apache)\\.[\\w.$]+(Exception|Error).*")) {
      throw new AssertionError(
          "refusal message is a bare exception class name: " + message, refusal);
    }
  }
}
