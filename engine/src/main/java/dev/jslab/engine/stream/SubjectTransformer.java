package dev.jslab.engine.stream;

import dev.jslab.engine.subject.Subjects;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites subjects that match a source filter into a destination: {@code orders.*.*} to {@code
 * shipping.$2.$1}. Destination tokens refer to the source's {@code *} wildcards by position as
 * {@code $N} or {@code {{wildcard(N)}}}; a source ending in {@code >} carries the rest over to a
 * destination ending in {@code >}. Subjects that do not match pass unchanged.
 *
 * <p>Immutable and thread-safe.
 */
public final class SubjectTransformer {
  private static final SubjectTransformer IDENTITY = new SubjectTransformer(null, List.of());
  private static final Pattern DOLLAR = Pattern.compile("^\\$(\\d+)$");
  private static final Pattern WILDCARD =
      Pattern.compile("^\\{\\{\\s*wildcard\\s*\\(\\s*(\\d+)\\s*\\)\\s*\\}\\}$", Pattern.CASE_INSENSITIVE);

  private final String source;
  private final List<String> destination;

  private SubjectTransformer(String source, List<String> destination) {
    this.source = source;
    this.destination = destination;
  }

  /** The transformer for {@code transform}; null means none. */
  public static SubjectTransformer of(SubjectTransform transform) {
    if (transform == null || transform.destination() == null || transform.destination().isEmpty()) {
      return IDENTITY;
    }
    String src = transform.source() == null || transform.source().isEmpty() ? ">" : transform.source();
    return new SubjectTransformer(src, Subjects.tokens(transform.destination()));
  }

  /** True when the destination is well formed for the source: references within range. */
  public static boolean isValid(SubjectTransform transform) {
    if (transform == null) {
      return true;
    }
    String src = transform.source() == null || transform.source().isEmpty() ? ">" : transform.source();
    if (!Subjects.isValid(src) || !Subjects.isValid(transform.destination())) {
      return false;
    }
    long wildcards = Subjects.tokens(src).stream().filter(Subjects.ONE::equals).count();
    for (String token : Subjects.tokens(transform.destination())) {
      int ref = reference(token);
      if (ref == 0 || ref > wildcards) {
        if (ref != -1) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@code subject} rewritten, or unchanged when it does not match the source. */
  public String apply(String subject) {
    if (source == null || !Subjects.matches(source, subject)) {
      return subject;
    }
    List<String> srcTokens = Subjects.tokens(source);
    List<String> subjectTokens = Subjects.tokens(subject);
    List<String> captured = new ArrayList<>();
    for (int i = 0; i < srcTokens.size(); i++) {
      if (Subjects.ONE.equals(srcTokens.get(i))) {
        captured.add(subjectTokens.get(i));
      }
    }
    StringBuilder out = new StringBuilder();
    for (String token : destination) {
      if (out.length() > 0) {
        out.append('.');
      }
      int ref = reference(token);
      if (ref > 0 && ref <= captured.size()) {
        out.append(captured.get(ref - 1));
      } else if (Subjects.REST.equals(token) && Subjects.REST.equals(srcTokens.get(srcTokens.size() - 1))) {
        out.append(String.join(".", subjectTokens.subList(srcTokens.size() - 1, subjectTokens.size())));
      } else {
        out.append(token);
      }
    }
    return out.toString();
  }

  /** The wildcard position a destination token refers to, or -1 when it is literal. */
  private static int reference(String token) {
    Matcher m = DOLLAR.matcher(token);
    if (m.matches()) {
      return Integer.parseInt(m.group(1));
    }
    m = WILDCARD.matcher(token);
    if (m.matches()) {
      return Integer.parseInt(m.group(1));
    }
    return -1;
  }
}
