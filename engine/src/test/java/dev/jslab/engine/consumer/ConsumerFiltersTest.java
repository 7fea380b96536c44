package dev.jslab.engine.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.store.memory.MemoryMessageStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Filter subjects as a consumer applies them to subjects, purges and the store. */
class ConsumerFiltersTest {
  @Test
  void noFiltersMatchEverySubject() {
    assertThat(ConsumerFilters.matches(List.of(), "a.b")).isTrue();
    assertThat(ConsumerFilters.matches(List.of(), "a.>")).isTrue();
  }

  @Test
  void literalSubjectsMatchFiltersAndWildcardSubjectsMustBeWithinOne() {
    List<String> filters = List.of("orders.*", "audit.>");

    assertThat(ConsumerFilters.matches(filters, "orders.new")).isTrue();
    assertThat(ConsumerFilters.matches(filters, "orders.new.eu")).isFalse();
    assertThat(ConsumerFilters.matches(filters, "audit.>")).isTrue();
    assertThat(ConsumerFilters.matches(filters, "audit.x.*")).isTrue();
    assertThat(ConsumerFilters.matches(filters, ">")).isFalse();
  }

  @Test
  void aPurgeCoversTheConsumerWhenAFilterIsWithinThePurgedSubject() {
    assertThat(ConsumerFilters.coveredBy(List.of("orders.new"), "orders.*")).isTrue();
    assertThat(ConsumerFilters.coveredBy(List.of("orders.*"), "orders.*")).isTrue();
    assertThat(ConsumerFilters.coveredBy(List.of("orders.*"), "orders.new")).isFalse();
    assertThat(ConsumerFilters.coveredBy(List.of(), "orders.new")).isFalse();
  }

  @Test
  void loadNextTakesTheLowestSequenceAcrossFilters() {
    MemoryMessageStore store = new MemoryMessageStore();
    store.append("a.1", null, new byte[0], 1);
    store.append("b.1", null, new byte[0], 2);
    store.append("c.1", null, new byte[0], 3);
    store.append("a.2", null, new byte[0], 4);

    assertThat(ConsumerFilters.loadNext(store, List.of(), 2).seq()).isEqualTo(2);
    assertThat(ConsumerFilters.loadNext(store, List.of("a.*"), 2).seq()).isEqualTo(4);
    assertThat(ConsumerFilters.loadNext(store, List.of("a.*", "c.1"), 2).seq()).isEqualTo(3);
    assertThat(ConsumerFilters.loadNext(store, List.of("d.>", "b.1"), 3)).isNull();
  }
}
