package dev.jslab.engine.monitor;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;

/**
 * Layout of Go's {@code json.MarshalIndent(v, "", indent)}: one member per line, {@code "key":
 * value}, nested levels indented, empty objects and arrays as {@code {}} and {@code []}.
 *
 * <p>Holds the nesting depth: one instance per document, on one thread.
 */
final class GoIndent implements PrettyPrinter {
  private final String indent;
  private int depth;

  GoIndent(int spaces) {
    this.indent = " ".repeat(spaces);
  }

  private void newLine(JsonGenerator g) throws IOException {
    g.writeRaw('\n');
    for (int i = 0; i < depth; i++) {
      g.writeRaw(indent);
    }
  }

  @Override
  public void writeRootValueSeparator(JsonGenerator g) {}

  @Override
  public void writeStartObject(JsonGenerator g) throws IOException {
    g.writeRaw('{');
    depth++;
  }

  @Override
  public void writeEndObject(JsonGenerator g, int entries) throws IOException {
    depth--;
    if (entries > 0) {
      newLine(g);
    }
    g.writeRaw('}');
  }

  @Override
  public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
    g.writeRaw(',');
    newLine(g);
  }

  @Override
  public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(": ");
  }

  @Override
  public void writeStartArray(JsonGenerator g) throws IOException {
    g.writeRaw('[');
    depth++;
  }

  @Override
  public void writeEndArray(JsonGenerator g, int values) throws IOException {
    depth--;
    if (values > 0) {
      newLine(g);
    }
    g.writeRaw(']');
  }

  @Override
  public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(',');
    newLine(g);
  }

  @Override
  public void beforeArrayValues(JsonGenerator g) throws IOException {
    newLine(g);
  }

  @Override
  public void beforeObjectEntries(JsonGenerator g) throws IOException {
    newLine(g);
  }
}
