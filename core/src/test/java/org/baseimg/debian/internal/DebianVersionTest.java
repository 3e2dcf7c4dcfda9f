package org.baseimg.debian.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebianVersionTest {
  @Test
  void compare_casesFromDpkg_orderAsDpkgDoes() {
    assertThat(DebianVersion.compare("1.0", "1.0")).isZero();
    assertThat(DebianVersion.compare("1.0", "1.1")).isNegative();
    assertThat(DebianVersion.compare("1.10", "1.9")).isPositive();
    assertThat(DebianVersion.compare("1.0~rc1", "1.0")).isNegative();
    assertThat(DebianVersion.compare("1.0", "1.0+b1")).isNegative();
    assertThat(DebianVersion.compare("1.0a", "1.0+")).isNegative();
    assertThat(DebianVersion.compare("1:0.1", "9.9")).isPositive();
    assertThat(DebianVersion.compare("6.1.176-1", "6.1.158-1")).isPositive();
    assertThat(DebianVersion.compare("6.1.176-1", "6.1.176-1~bpo11+1")).isPositive();
    assertThat(DebianVersion.compare("1.0-1", "1.0-01")).isZero();
    assertThat(DebianVersion.compare("2.30-10", "2.30-9")).isPositive();
  }

  @Test
  void order_kernelVersions_sortsOldestFirst() {
    List<String> versions =
        new ArrayList<>(List.of("6.1.76-1", "6.1.176-1", "6.1.158-1", "5.10.0-1"));

    versions.sort(DebianVersion.ORDER);

    assertThat(versions).containsExactly("5.10.0-1", "6.1.76-1", "6.1.158-1", "6.1.176-1");
  }
}
