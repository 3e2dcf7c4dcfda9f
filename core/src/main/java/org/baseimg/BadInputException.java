package org.baseimg;

/**
 * The input is wrong: a source tree, archive, profile or option that cannot be used as given. The
 * message says what is wrong and what to do; subclasses keep the offending value. The command-line
 * tool exits with code 2 for it.
 */
public class BadInputException extends BaseimgException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
