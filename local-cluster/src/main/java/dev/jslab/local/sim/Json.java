package dev.jslab.local.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;

/** Reads the JSON the engine answers with, for the checker's clients. Thread-safe. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** {@code data} as a JSON tree; a missing node when it is no JSON. */
  static JsonNode read(byte[] data) {
    try {
      JsonNode n = MAPPER.readTree(data);
      return n == null ? MissingNode.getInstance() : n;
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }
}
