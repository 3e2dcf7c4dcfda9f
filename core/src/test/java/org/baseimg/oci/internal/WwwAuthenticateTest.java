package org.baseimg.oci.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WwwAuthenticateTest {
  @Test
  void parse_dockerHubBearer_givesRealmServiceAndScope() {
    WwwAuthenticate challenge =
        WwwAuthenticate.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                    + "scope=\"repository:library/debian:pull,push\"")
            .orElseThrow();

    assertThat(challenge.scheme()).isEqualTo("bearer");
    assertThat(challenge.parameters())
        .isEqualTo(
            Map.of(
                "realm", "https://auth.docker.io/token",
                "service", "registry.docker.io",
                "scope", "repository:library/debian:pull,push"));
  }

  @Test
  void parse_basicWithRealm_asDistributionsHtpasswdSendsIt() {
    WwwAuthenticate challenge = WwwAuthenticate.parse("Basic realm=\"baseimg test\"").orElseThrow();

    assertThat(challenge.scheme()).isEqualTo("basic");
    assertThat(challenge.parameter("realm")).contains("baseimg test");
  }

  @Test
  void parse_unquotedValuesEscapesAndSpaces_areRead() {
    WwwAuthenticate challenge =
        WwwAuthenticate.parse("bearer  realm=https://x/token , service=\"a\\\"b\"").orElseThrow();

    assertThat(challenge.parameter("realm")).contains("https://x/token");
    assertThat(challenge.parameter("service")).contains("a\"b");
  }

  @Test
  void parse_nothing_isEmpty() {
    assertThat(WwwAuthenticate.parse(null)).isEmpty();
    assertThat(WwwAuthenticate.parse("  ")).isEmpty();
  }
}
