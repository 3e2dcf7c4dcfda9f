package org.baseimg.kernel;

import java.util.List;
import java.util.Optional;
import org.baseimg.BaseimgException;

/**
 * The kernel did not build: the file that failed to compile, when make named one, and the
 * compiler's last error lines.
 */
public final class KernelBuildException extends BaseimgException {
  private static final long serialVersionUID = 1L;

  private final transient Optional<String> failingFile;
  private final List<String> errors;

  public KernelBuildException(Optional<String> failingFile, int exitCode, List<String> errors) {
    super(
        "the kernel did not build"
            + failingFile.map(file -> ": " + file + " failed to compile").orElse("")
            + " (make exit "
            + exitCode
            + ")"
            + (errors.isEmpty() ? "" : "\n" + String.join("\n", errors)));
    this.failingFile = failingFile;
    this.errors = List.copyOf(errors);
  }

  /** The source file that failed, as make named it, e.g. {@code drivers/net/foo.c}. */
  public Optional<String> failingFile() {
    return failingFile;
  }

  /** The compiler's last error lines. */
  public List<String> errors() {
    return errors;
  }
}
