package dev.jslab.engine.subject;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectsTest {
  @ParameterizedTest
  @ValueSource(strings = {"foo", "foo.bar", "foo.*", "foo.>", ">", "*", "*.*.>", "foo*.bar", "a>b", "$JS.API.INFO"})
  void validSubjectsAndFiltersAreAccepted(String subject) {
    assertThat(Subjects.isValid(subject)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "foo.", ".foo", "foo..bar", "foo bar", "foo.\tbar", ">.foo", "foo.>.bar", "a\nb", "foo. "})
  void invalidSubjectsAreRejected(String subject) {
    assertThat(Subjects.isValid(subject)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"foo.bar,true", "foo.*,false", "foo.>,false", "*,false", "foo*,true", "f>,true", "a.b*.c,true"})
  void literalSubjectsHaveNoWholeTokenWildcard(String subject, boolean literal) {
    assertThat(Subjects.isLiteral(subject)).isEqualTo(literal);
    assertThat(Subjects.isValidLiteral(subject)).isEqualTo(literal);
  }

  @ParameterizedTest
  @CsvSource({
    "foo.bar, foo.bar, true",
    "foo.bar, foo.baz, false",
    "foo.bar, foo, false",
    "foo, foo.bar, false",
    "foo.*, foo.bar, true",
    "foo.*, foo.bar.baz, false",
    "foo.*, foo, false",
    "foo.>, foo.bar, true",
    "foo.>, foo.bar.baz, true",
    "foo.>, foo, false",
    ">, foo, true",
    ">, foo.bar, true",
    "*, foo, true",
    "*, foo.bar, false",
    "*.bar.*, foo.bar.baz, true",
    "*.bar.*, foo.baz.baz, false",
    "events.user.*, events.user.42, true",
    "foo*, foo*, true",
    "foo*, fooX, false",
    "fo, foo, false",
    "foo, fo, false",
  })
  void filtersMatchLiteralSubjectsTokenByToken(String filter, String subject, boolean matches) {
    assertThat(Subjects.matches(filter, subject)).isEqualTo(matches);
  }

  @ParameterizedTest
  @CsvSource({
    "foo.bar, foo.bar, true",
    "foo.bar, foo.baz, false",
    "foo.*, foo.bar, true",
    "foo.*, foo.>, true",
    "foo.>, *.bar, true",
    "foo.>, *, false",
    "foo.>, foo, false",
    "foo.*, bar.*, false",
    "*.*, *, false",
    "a.>, a.b.>, true",
    "a.b.>, *.*, false",
    "a.*.c, a.>, true",
    "a.>, *.*.*, true",
    ">, anything.at.all, true",
    "orders.*, orders.eu.>, false",
  })
  void subjectsCollideWhenOneLiteralCouldMatchBoth(String a, String b, boolean collide) {
    assertThat(Subjects.collide(a, b)).isEqualTo(collide);
    assertThat(Subjects.collide(b, a)).isEqualTo(collide);
  }

  @ParameterizedTest
  @CsvSource({
    "foo.bar, foo.*, true",
    "foo.*, foo.>, true",
    "foo.*, *.*, true",
    "foo.*, foo.bar, false",
    "foo.>, foo.*, false",
    "foo.>, >, true",
    "foo, >, true",
    "foo.bar, foo.bar, true",
    "foo.bar.baz, foo.*, false",
    "*, foo, false",
  })
  void subsetHoldsWhenEverythingTheFirstMatchesTheSecondMatchesToo(
      String subject, String superset, boolean subset) {
    assertThat(Subjects.isSubsetOf(subject, superset)).isEqualTo(subset);
  }
}
