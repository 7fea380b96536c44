package dev.jslab.engine.subject;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SubjectIndexTest {
  private final SubjectIndex<String> index = new SubjectIndex<>();

  @Test
  void lookupFindsLiteralAndWildcardRegistrations() {
    index.add("orders.eu.new", "exact");
    index.add("orders.*.new", "one");
    index.add("orders.>", "rest");
    index.add(">", "all");
    index.add("orders.us.new", "other");

    assertThat(index.match("orders.eu.new")).containsExactlyInAnyOrder("exact", "one", "rest", "all");
    assertThat(index.match("orders")).containsExactly("all");
    assertThat(index.match("payments.eu")).containsExactly("all");
  }

  @Test
  void aSubjectWhoseFirstTokenNoFilterStartsWithMatchesOnlyFiltersStartingWithAWildcard() {
    index.add("_INBOX.>", "inbox");
    assertThat(index.match("$JS.ACK.S.C.1.2.3.4.0")).isEmpty();
    assertThat(index.match("_INBOX.abc")).containsExactly("inbox");
    index.add("*.ACK.>", "star");
    assertThat(index.match("$JS.ACK.S.C.1.2.3.4.0")).containsExactly("star");
    index.remove("*.ACK.>", "star");
    index.add(">", "all");
    assertThat(index.match("$JS.ACK.S.C.1.2.3.4.0")).containsExactly("all");
  }

  @Test
  void restWildcardNeedsAtLeastOneMoreToken() {
    index.add("foo.>", "rest");
    assertThat(index.hasInterest("foo")).isFalse();
    assertThat(index.hasInterest("foo.bar")).isTrue();
  }

  @Test
  void aValueUnderTwoMatchingFiltersIsReportedOnce() {
    index.add("foo.*", "c1");
    index.add("foo.>", "c1");
    assertThat(index.match("foo.bar")).containsExactly("c1");
    assertThat(index.size()).isEqualTo(2);
  }

  @Test
  void removedRegistrationsNoLongerMatchAndPruneTheTree() {
    index.add("a.b.c", "x");
    index.add("a.*", "y");
    assertThat(index.remove("a.b.c", "x")).isTrue();
    assertThat(index.remove("a.b.c", "x")).isFalse();
    assertThat(index.remove("a.b", "y")).isFalse();
    assertThat(index.match("a.b.c")).isEmpty();
    assertThat(index.match("a.b")).containsExactly("y");
    assertThat(index.remove("a.*", "y")).isTrue();
    assertThat(index.isEmpty()).isTrue();
  }

  @Test
  void lookupsAgreeWithSubjectsMatchesOnRandomFilters() {
    Random random = new Random(42);
    String[] alphabet = {"a", "b", "c", "*", ">"};
    List<String> filters = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      StringBuilder f = new StringBuilder();
      int depth = 1 + random.nextInt(4);
      for (int t = 0; t < depth; t++) {
        String token = alphabet[random.nextInt(t == depth - 1 ? 5 : 4)];
        f.append(t == 0 ? "" : ".").append(token);
      }
      filters.add(f.toString());
      index.add(f.toString(), f.toString());
    }
    for (int i = 0; i < 500; i++) {
      StringBuilder s = new StringBuilder();
      int depth = 1 + random.nextInt(5);
      for (int t = 0; t < depth; t++) {
        s.append(t == 0 ? "" : ".").append(alphabet[random.nextInt(3)]);
      }
      String subject = s.toString();
      Set<String> expected =
          filters.stream().filter(f -> Subjects.matches(f, subject)).collect(Collectors.toSet());
      assertThat(index.match(subject)).as(subject).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void aRememberedMatchChangesWhenAFilterIsAddedOrRemoved() {
    SubjectIndex<String> index = new SubjectIndex<>();
    index.add("orders.*", "a");
    Set<String> before = index.match("orders.eu");
    assertThat(before).containsExactly("a");
    index.add("orders.>", "b");
    assertThat(index.match("orders.eu")).containsExactlyInAnyOrder("a", "b");
    assertThat(before).as("an earlier answer is not changed under its holder").containsExactly("a");
    index.remove("orders.*", "a");
    assertThat(index.match("orders.eu")).containsExactly("b");
    index.remove("orders.>", "b");
    assertThat(index.hasInterest("orders.eu")).isFalse();
  }

  @Test
  void matchesStayRightBeyondTheNumberOfRememberedSubjects() {
    SubjectIndex<String> index = new SubjectIndex<>();
    index.add("s.*", "x");
    for (int i = 0; i < SubjectIndex.CACHE_SIZE * 3; i++) {
      assertThat(index.match("s." + i)).containsExactly("x");
      assertThat(index.match("t." + i)).isEmpty();
    }
  }
}
