package org.baseimg;

/**
 * A failure of the environment or of the work itself: a tool that crashed, a disk that filled up, a
 * download that broke off. The command-line tool exits with code 1 for it.
 *
 * <p>A mistake in what the caller asked for is a {@link BadInputException} instead.
 */
public class BaseimgException extends Exception {
  private static final long serialVersionUID = 1L;

  public BaseimgException(String message) {
    super(message);
  }

  public BaseimgException(String message, Throwable cause) {
    super(message, cause);
  }
}
