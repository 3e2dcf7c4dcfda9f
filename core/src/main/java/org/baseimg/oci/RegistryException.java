package org.baseimg.oci;

import java.util.Optional;
import org.baseimg.BaseimgException;

/**
 * A registry refused or failed a request, or could not be reached: a failure of the environment,
 * not of the input.
 */
public class RegistryException extends BaseimgException {
  private static final long serialVersionUID = 1L;

  private final String registry;
  private final int status;

  /**
   * @param message what went wrong and what to do, one line
   * @param registry the registry's host and port
   * @param status the HTTP status, or 0 when there was no answer
   */
  public RegistryException(String message, String registry, int status) {
    super(message);
    this.registry = registry;
    this.status = status;
  }

  /** As {@link #RegistryException(String, String, int)}, with the cause. */
  public RegistryException(String message, String registry, int status, Throwable cause) {
    super(message, cause);
    this.registry = registry;
    this.status = status;
  }

  /** The registry's host and port. */
  public String registry() {
    return registry;
  }

  /** The HTTP status the registry answered with, empty when it did not answer. */
  public Optional<Integer> status() {
    return status == 0 ? Optional.empty() : Optional.of(status);
  }
}
