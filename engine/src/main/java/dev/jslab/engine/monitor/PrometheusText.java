package dev.jslab.engine.monitor;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Prometheus text exposition (format 0.0.4) being assembled: gauge families sorted by name, each
 * with {@code # HELP} and {@code # TYPE} lines, samples with their labels sorted by name and values
 * in Go's shortest {@code %g} form, as the Go client library writes them.
 *
 * <p>Not thread-safe: one instance per document.
 */
final class PrometheusText {
  private record Family(String help, List<String> samples) {}

  private final Map<String, Family> families = new TreeMap<>();

  /** Adds one gauge sample. */
  void gauge(String name, String help, Map<String, String> labels, double value) {
    Family f = families.computeIfAbsent(name, n -> new Family(help, new ArrayList<>()));
    StringBuilder sb = new StringBuilder(name);
    if (!labels.isEmpty()) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        sb.append(e.getKey()).append("=\"").append(escapeLabel(e.getValue())).append('"');
      }
      sb.append('}');
    }
    f.samples().add(sb.append(' ').append(number(value)).toString());
  }

  /** The exposition text. */
  String text() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Family> e : families.entrySet()) {
      sb.append("# HELP ").append(e.getKey()).append(' ').append(escapeHelp(e.getValue().help()))
          .append('\n');
      sb.append("# TYPE ").append(e.getKey()).append(" gauge\n");
      for (String sample : e.getValue().samples()) {
        sb.append(sample).append('\n');
      }
    }
    return sb.toString();
  }

  /** Go's {@code strconv.FormatFloat(v, 'g', -1, 64)}, with Prometheus' names for infinities. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return "0";
    }
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    String digits = d.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - d.scale();
    String sign = v < 0 ? "-" : "";
    // shortest %g switches to an exponent below 1e-4 and from 1e6 (precision 6) upwards
    if (exp < -4 || exp >= 6) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String e = Integer.toString(Math.abs(exp));
      return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }
    return sign + d.abs().toPlainString();
  }

  private static String escapeLabel(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String escapeHelp(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
