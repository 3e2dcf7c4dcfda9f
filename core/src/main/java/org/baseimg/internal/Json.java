package org.baseimg.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one owner of JSON settings for the files baseimg writes and reads (manifests, diffs,
 * reports): Jackson, two-space indentation, {@code "key": value}, one array item per line, empty
 * containers as {@code []} and {@code {}}, a final line break, absent optionals left out, record
 * components and map entries in their own order. Unknown fields are refused on reading, so that a
 * reader never silently drops what a newer writer added.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new Jdk8Module())
          // What the deprecated serializationInclusion(NON_ABSENT) set: values and contents.
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_ABSENT, JsonInclude.Include.NON_ABSENT))
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .defaultPrettyPrinter(new Printer())
          .build();

  private Json() {}

  /**
   * {@code value} as JSON, with a final line break: records and maps keep their order; lists;
   * strings; numbers; booleans; null.
   */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON of " + value.getClass(), e);
    }
  }

  /** Reads {@code text} as a {@code type}; fails on malformed JSON and on unknown fields. */
  public static <T> T read(String text, Class<T> type) throws IOException {
    return MAPPER.readValue(text, type);
  }

  /** Jackson's pretty printer, with {@code "key": value} and no space inside empty containers. */
  private static final class Printer extends DefaultPrettyPrinter {
    private static final long serialVersionUID = 1L;

    Printer() {
      super(
          Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
      DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
      indentObjectsWith(indenter);
      indentArraysWith(indenter);
    }

    Printer(Printer base) {
      super(base);
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
      return new Printer(this);
    }

    @Override
    public void writeEndObject(JsonGenerator generator, int entries) throws IOException {
      if (entries == 0) {
        --_nesting;
        generator.writeRaw('}');
        return;
      }
      super.writeEndObject(generator, entries);
    }

    @Override
    public void writeEndArray(JsonGenerator generator, int values) throws IOException {
      if (values == 0) {
        --_nesting;
        generator.writeRaw(']');
        return;
      }
      super.writeEndArray(generator, values);
    }
  }
}
