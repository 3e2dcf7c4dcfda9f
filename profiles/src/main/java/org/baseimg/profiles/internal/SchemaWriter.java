package org.baseimg.profiles.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.baseimg.profiles.internal.ProfileFormat.Field;
import org.baseimg.profiles.internal.ProfileFormat.Type;

/**
 * Writes {@link ProfileFormat} as a JSON Schema (draft 2020-12) for editors. It checks each file as
 * written: keys a profile inherits through {@code extends} are not required of it.
 */
public final class SchemaWriter {
  static final String ID = "https://baseimg.org/schema/profile.json";

  private SchemaWriter() {}

  /** The schema as pretty-printed JSON. */
  public static String schema() {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.put("$id", ID);
    schema.put("title", "baseimg profile");
    schema.putAll(object(ProfileFormat.PROFILE));
    // A profile names itself or inherits a name.
    schema.put(
        "anyOf",
        List.of(Map.of("required", List.of("name")), Map.of("required", List.of("extends"))));
    try {
      return new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(schema)
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the schema is plain maps and lists", e);
    }
  }

  private static Map<String, Object> object(Field format) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("type", "object");
    object.put("description", format.description());
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Field field : format.fields().values()) {
      Map<String, Object> schema = value(field);
      // null removes an inherited value, except in list items, which inherit nothing.
      properties.put(
          field.key(),
          format.type() == Type.LIST_OF_MAPS || field.nullable() ? schema : orNull(schema));
      if (field.appendable()) {
        Map<String, Object> append = new LinkedHashMap<>(schema);
        append.put(
            "description", "Appended to the inherited " + field.key() + ". " + field.description());
        properties.put(field.key() + "+", append);
      }
      if (field.required() && format.type() == Type.LIST_OF_MAPS) {
        required.add(field.key());
      }
    }
    object.put("properties", properties);
    object.put("additionalProperties", false);
    if (!required.isEmpty()) {
      object.put("required", required);
    }
    return object;
  }

  private static Map<String, Object> value(Field field) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("description", field.description());
    switch (field.type()) {
      case STRING, MODE -> {
        schema.put("type", "string");
        if (!field.allowed().isEmpty()) {
          schema.put("enum", field.allowed());
        }
        if (field.pattern() != null) {
          schema.put("pattern", field.pattern());
        }
      }
      case BOOLEAN -> schema.put("type", "boolean");
      case INTEGER -> {
        schema.put("type", "integer");
        schema.put("minimum", field.minimum());
        schema.put("maximum", field.maximum());
      }
      case STRING_LIST -> {
        schema.put("type", "array");
        schema.put("items", stringItems(field));
        if (field.minItems() > 0) {
          schema.put("minItems", field.minItems());
        }
      }
      case MAP -> schema.putAll(object(field));
      case LIST_OF_MAPS -> {
        schema.put("type", "array");
        schema.put("items", mapItems(field));
      }
      case STRING_MAP -> {
        schema.put("type", "object");
        schema.put("additionalProperties", Map.of("type", List.of("string", "number", "boolean")));
      }
      case INIT -> schema.put("oneOf", initChoices(field));
    }
    if (field.defaultValue() != null && field.type() != Type.STRING_LIST) {
      schema.put(
          "default",
          switch (field.type()) {
            case BOOLEAN -> Boolean.parseBoolean(field.defaultValue());
            default -> field.defaultValue();
          });
    }
    return field.nullable() ? orNull(schema) : schema;
  }

  private static Map<String, Object> orNull(Map<String, Object> schema) {
    return Map.of("anyOf", List.of(schema, Map.of("type", "null")));
  }

  private static Map<String, Object> stringItems(Field field) {
    Map<String, Object> items = new LinkedHashMap<>();
    items.put("type", "string");
    if (field.pattern() != null) {
      items.put("pattern", field.pattern());
    }
    return items;
  }

  private static Map<String, Object> mapItems(Field field) {
    Map<String, Object> item = object(field);
    if (field.key().equals("repositories")) {
      // Every repository is signed, unless trusted: true is written out.
      item.put(
          "anyOf",
          List.of(
              Map.of("required", List.of("signed-by")),
              Map.of(
                  "required",
                  List.of("trusted"),
                  "properties",
                  Map.of("trusted", Map.of("const", true)))));
    }
    return item;
  }

  /** {@code init:} is a keyword or {@code {file: PATH}}. */
  private static List<Object> initChoices(Field field) {
    return List.of(
        Map.of("type", "string", "enum", field.allowed()),
        Map.of(
            "type",
            "object",
            "required",
            List.of("file"),
            "additionalProperties",
            false,
            "properties",
            Map.of("file", Map.of("type", "string"))));
  }
}
