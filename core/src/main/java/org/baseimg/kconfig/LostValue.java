package org.baseimg.kconfig;

import java.util.Optional;

/**
 * A fragment value that the final config does not have.
 *
 * @param symbol the symbol, without {@code CONFIG_}
 * @param requested the value the fragment asked for ({@code n} for "not set")
 * @param actual the final config's value, empty when it does not mention the symbol
 * @param fragment the fragment that asked, as named
 * @param reason one line saying why, from the Kconfig rules, e.g. {@code SERIAL_MSM=y lost: depends
 *     on ARCH_QCOM, which is n}
 */
public record LostValue(
    String symbol, String requested, Optional<String> actual, String fragment, String reason) {
  @Override
  public String toString() {
    return reason + " [" + fragment + "]";
  }
}
