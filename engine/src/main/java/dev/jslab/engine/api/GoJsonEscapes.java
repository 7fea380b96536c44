package dev.jslab.engine.api;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * String escaping as Go's {@code encoding/json} does it: {@code <}, {@code >} and {@code &} as
 * six-character escapes (backslash, u, four lower-case hex digits); U+2028 and U+2029 escaped the
 * same way; control characters other than backspace, form feed, newline, carriage return and tab
 * escaped the same way.
 *
 * <p>Immutable and thread-safe.
 */
public final class GoJsonEscapes extends CharacterEscapes {
  private static final long serialVersionUID = 1L;
  public static final GoJsonEscapes INSTANCE = new GoJsonEscapes();

  private final int[] ascii;

  private GoJsonEscapes() {
    ascii = standardAsciiEscapesForJSON();
    for (int c = 0; c < 0x20; c++) {
      if (c != '\b' && c != '\f' && c != '\n' && c != '\r' && c != '\t') {
        ascii[c] = ESCAPE_CUSTOM;
      }
    }
    ascii['<'] = ESCAPE_CUSTOM;
    ascii['>'] = ESCAPE_CUSTOM;
    ascii['&'] = ESCAPE_CUSTOM;
  }

  @Override
  public int[] getEscapeCodesForAscii() {
    return ascii;
  }

  @Override
  public SerializableString getEscapeSequence(int ch) {
    if (ch < 0x80 || ch == 0x2028 || ch == 0x2029) {
      return new SerializedString(String.format("\\u%04x", ch));
    }
    return null;
  }
}
