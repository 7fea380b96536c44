package dev.jslab.engine.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * Writes a value to bytes through a {@link DataOutputStream} and reads it back through a {@link
 * DataInputStream}, so a codec states only its fields.
 *
 * <p>Stateless and thread-safe.
 */
public final class DataCodec {
  /** Writes one value's fields. */
  public interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  /** Reads one value's fields. */
  public interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private DataCodec() {}

  /** The bytes {@code writer} writes. */
  public static byte[] write(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * What {@code reader} reads from {@code data}; bytes it cannot read (cut short, damaged) throw
   * what {@code failure} makes of the error.
   */
  public static <T> T read(byte[] data, Reader<T> reader, Function<IOException, RuntimeException> failure) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      return reader.read(in);
    } catch (IOException e) {
      throw failure.apply(e);
    }
  }
}
