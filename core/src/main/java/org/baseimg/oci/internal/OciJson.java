package org.baseimg.oci.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.baseimg.oci.Descriptor;

/**
 * The one owner of the OCI JSON documents baseimg writes and reads (image manifest, index,
 * descriptors). Written compact, fields in the spec's order, annotations sorted, absent fields left
 * out: the same files give the same bytes and so the same digest. Read leniently, as the spec asks
 * of consumers: unknown fields are ignored.
 */
public final class OciJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
          .disable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private OciJson() {}

  /** A descriptor as the spec writes it; {@code platform} only in an index. */
  public record Desc(
      String mediaType,
      String artifactType,
      String digest,
      long size,
      Platform platform,
      Map<String, String> annotations) {
    /** From the API's descriptor, without artifactType or platform. */
    public static Desc of(Descriptor d) {
      return new Desc(d.mediaType(), null, d.digest(), d.size(), null, orNull(d.annotations()));
    }

    /** As the API's descriptor. */
    public Descriptor toDescriptor() {
      return new Descriptor(
          mediaType,
          digest,
          size,
          annotations == null ? new TreeMap<>() : new TreeMap<>(annotations));
    }
  }

  /** An index entry's platform. */
  public record Platform(String architecture, String os, String variant) {
    /** Parses {@code os/arch[/variant]}; null when it is not one. */
    public static Platform parse(String text) {
      String[] parts = text.split("/", -1);
      if (parts.length < 2 || parts.length > 3) {
        return null;
      }
      for (String part : parts) {
        if (!part.matches("[a-z0-9_.-]+")) {
          return null;
        }
      }
      return new Platform(parts[1], parts[0], parts.length == 3 ? parts[2] : null);
    }

    @Override
    public String toString() {
      return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
  }

  /** An image manifest. */
  public record Manifest(
      int schemaVersion,
      String mediaType,
      String artifactType,
      Desc config,
      List<Desc> layers,
      Desc subject,
      Map<String, String> annotations) {}

  /** An image index, or Docker's manifest list, which reads the same. */
  public record Index(
      int schemaVersion,
      String mediaType,
      String artifactType,
      List<Desc> manifests,
      Map<String, String> annotations) {}

  /** A document's bytes, as pushed. */
  public static byte[] write(Object document) {
    try {
      return MAPPER.writeValueAsString(document).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a document; fails on malformed JSON. */
  public static <T> T read(byte[] bytes, Class<T> type) throws IOException {
    return MAPPER.readValue(bytes, type);
  }

  /** A sorted copy of {@code map}, or null when it is empty: the spec's "absent or empty". */
  static SortedMap<String, String> orNull(Map<String, String> map) {
    return map == null || map.isEmpty() ? null : new TreeMap<>(map);
  }
}
