package org.baseimg.profiles;

import java.util.List;
import org.baseimg.BadInputException;

/** A profile that cannot be used: each {@link Problem} says where and what to do. */
public final class InvalidProfileException extends BadInputException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public InvalidProfileException(List<Problem> problems) {
    super(message(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid profile has at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public InvalidProfileException(Problem problem) {
    this(List.of(problem));
  }

  private static String message(List<Problem> problems) {
    if (problems.size() == 1) {
      return problems.get(0).toString();
    }
    return problems.get(0) + " (and " + (problems.size() - 1) + " more)";
  }

  /** Every problem found, in file order. */
  public List<Problem> problems() {
    return problems;
  }
}
