package org.baseimg.kconfig;

import java.util.List;
import org.baseimg.BaseimgException;

/**
 * {@code make olddefconfig} dropped or changed values the fragments asked for. The message's first
 * line counts them; each following line is one lost value and why.
 */
public final class FragmentValuesLostException extends BaseimgException {
  private static final long serialVersionUID = 1L;

  private final transient List<LostValue> lost;

  public FragmentValuesLostException(List<LostValue> lost) {
    super(message(lost));
    this.lost = List.copyOf(lost);
  }

  private static String message(List<LostValue> lost) {
    StringBuilder text =
        new StringBuilder()
            .append(lost.size())
            .append(lost.size() == 1 ? " fragment value" : " fragment values")
            .append(" did not survive make olddefconfig; nothing was written");
    lost.forEach(value -> text.append('\n').append(value));
    return text.toString();
  }

  /** Each lost value with its reason. */
  public List<LostValue> lost() {
    return lost;
  }
}
