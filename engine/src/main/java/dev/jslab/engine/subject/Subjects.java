package dev.jslab.engine.subject;

import java.util.List;

/**
 * Subject syntax and matching, as nats-server defines them. Stateless and thread-safe.
 *
 * <p>Terms: a <em>literal</em> subject has no wildcard token and is what messages are published
 * to; a <em>filter</em> may hold {@code *} and a final {@code >}.
 */
public final class Subjects {
  /** Separator between tokens. */
  public static final char SEPARATOR = '.';
  /** Wildcard matching exactly one token. */
  public static final String ONE = "*";
  /** Wildcard matching one or more trailing tokens. */
  public static final String REST = ">";

  private Subjects() {}

  /** True when {@code subject} is a valid subject or filter (wildcards allowed). */
  public static boolean isValid(String subject) {
    if (subject == null || subject.isEmpty()) {
      return false;
    }
    boolean seenRest = false;
    int start = 0;
    int length = subject.length();
    for (int i = 0; i <= length; i++) {
      if (i == length || subject.charAt(i) == SEPARATOR) {
        if (i == start || seenRest) {
          return false;
        }
        if (i - start == 1 && subject.charAt(start) == '>') {
          seenRest = true;
        }
        start = i + 1;
      } else if (isWhitespace(subject.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code subject} is valid and literal: something a message can be published to. */
  public static boolean isValidLiteral(String subject) {
    return isValid(subject) && isLiteral(subject);
  }

  /** True when no token of {@code subject} is a wildcard. Does not check validity. */
  public static boolean isLiteral(String subject) {
    int length = subject.length();
    for (int i = 0; i < length; i++) {
      char c = subject.charAt(i);
      if ((c == '*' || c == '>')
          && (i == 0 || subject.charAt(i - 1) == SEPARATOR)
          && (i + 1 == length || subject.charAt(i + 1) == SEPARATOR)) {
        return false;
      }
    }
    return true;
  }

  /** The tokens of {@code subject}, in order (a fixed-size list). */
  public static List<String> tokens(String subject) {
    String[] tokens = new String[Math.max(1, tokenCount(subject))];
    int n = 0;
    int start = 0;
    for (int i = 0; i < subject.length(); i++) {
      if (subject.charAt(i) == SEPARATOR) {
        tokens[n++] = subject.substring(start, i);
        start = i + 1;
      }
    }
    tokens[n] = subject.substring(start);
    return java.util.Arrays.asList(tokens);
  }

  /**
   * {@code subject}'s tokens, split the first time they are asked for and kept: one subject matched
   * against several indexes is split once, and not at all when every index had it cached.
   */
  public static java.util.function.Supplier<List<String>> tokensOnce(String subject) {
    return new java.util.function.Supplier<>() {
      private List<String> tokens;

      @Override
      public List<String> get() {
        if (tokens == null) {
          tokens = tokens(subject);
        }
        return tokens;
      }
    };
  }

  /** Number of tokens in {@code subject} (0 for the empty string). */
  public static int tokenCount(String subject) {
    if (subject.isEmpty()) {
      return 0;
    }
    int count = 1;
    for (int i = 0; i < subject.length(); i++) {
      if (subject.charAt(i) == SEPARATOR) {
        count++;
      }
    }
    return count;
  }

  /**
   * True when the literal {@code subject} is matched by {@code filter}. A literal filter matches
   * only itself.
   */
  public static boolean matches(String filter, String subject) {
    int f = 0;
    int s = 0;
    int fl = filter.length();
    int sl = subject.length();
    while (true) {
      int fEnd = indexOfSeparator(filter, f);
      int sEnd = indexOfSeparator(subject, s);
      boolean single = fEnd - f == 1;
      if (single && filter.charAt(f) == '>') {
        return true; // the subject has this token at least
      }
      boolean any = single && filter.charAt(f) == '*';
      if (!any && (fEnd - f != sEnd - s || !filter.regionMatches(f, subject, s, fEnd - f))) {
        return false;
      }
      boolean filterDone = fEnd == fl;
      boolean subjectDone = sEnd == sl;
      if (filterDone || subjectDone) {
        return filterDone && subjectDone;
      }
      f = fEnd + 1;
      s = sEnd + 1;
    }
  }

  /**
   * True when some literal subject is matched by both {@code a} and {@code b}: two streams with
   * colliding subjects would both capture it.
   */
  public static boolean collide(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    boolean literalA = isLiteral(a);
    boolean literalB = isLiteral(b);
    if (literalA && literalB) {
      return false;
    }
    if (literalA) {
      return matches(b, a);
    }
    if (literalB) {
      return matches(a, b);
    }
    List<String> ta = tokens(a);
    List<String> tb = tokens(b);
    if (ta.size() != tb.size()) {
      List<String> shorter = ta.size() < tb.size() ? ta : tb;
      if (!REST.equals(shorter.get(shorter.size() - 1))) {
        return false; // the longer one needs more tokens than the shorter one can match
      }
    }
    int common = Math.min(ta.size(), tb.size());
    for (int i = 0; i < common; i++) {
      if (!tokensCanMatch(ta.get(i), tb.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when every literal subject matched by {@code subject} is also matched by {@code
   * superset}: {@code foo.*} is a subset of {@code foo.>} and of {@code *.*}, not of {@code
   * foo.bar}.
   */
  public static boolean isSubsetOf(String subject, String superset) {
    List<String> sub = tokens(subject);
    List<String> sup = tokens(superset);
    for (int i = 0; i < sup.size(); i++) {
      String t2 = sup.get(i);
      if (REST.equals(t2)) {
        return i < sub.size();
      }
      if (i >= sub.size()) {
        return false;
      }
      String t1 = sub.get(i);
      if (REST.equals(t1)) {
        return false;
      }
      if (ONE.equals(t1)) {
        if (!ONE.equals(t2)) {
          return false;
        }
        continue;
      }
      if (!ONE.equals(t2) && !t1.equals(t2)) {
        return false;
      }
    }
    return sub.size() == sup.size();
  }

  private static boolean tokensCanMatch(String t1, String t2) {
    return ONE.equals(t1) || ONE.equals(t2) || REST.equals(t1) || REST.equals(t2) || t1.equals(t2);
  }

  private static int indexOfSeparator(String s, int from) {
    int i = s.indexOf(SEPARATOR, from);
    return i < 0 ? s.length() : i;
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }
}
