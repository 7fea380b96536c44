package dev.jslab.local.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.route.RoutedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NodeRoutesTest {
  private final InterestRegistry registry = new InterestRegistry();
  private final List<String> sent = new ArrayList<>();

  private NodeRoutes node(String name) {
    NodeRoutes routes =
        new NodeRoutes(
            name,
            registry,
            (to, m) -> sent.add(name + ">" + to + " " + m.route() + " " + m.queues()),
            new SplittableRandom(7));
    routes.start();
    return routes;
  }

  private boolean forward(NodeRoutes routes, String subject, Set<String> servedHere) {
    return routes.forward(subject, subject, null, null, new byte[0], servedHere::contains);
  }

  @Test
  void aMessageGoesOnceToEachOtherNodeWithAMatchingSubscriptionAndNowhereElse() {
    NodeRoutes n1 = node("n1");
    NodeRoutes n2 = node("n2");
    NodeRoutes n3 = node("n3");
    n2.subscriptionChanged("orders.>", null, true);
    n2.subscriptionChanged("orders.eu", null, true);
    n3.subscriptionChanged("other", null, true);
    n1.subscriptionChanged("orders.eu", null, true);

    assertThat(forward(n1, "orders.eu", Set.of())).isTrue();
    assertThat(forward(n1, "nothing", Set.of())).isFalse();

    assertThat(sent).containsExactly("n1>n2 orders.eu []");
  }

  @Test
  void aQueueGroupServedHereIsNotSentOnAndAnotherGoesToOneNodeWithAMember() {
    NodeRoutes n1 = node("n1");
    NodeRoutes n2 = node("n2");
    NodeRoutes n3 = node("n3");
    n2.subscriptionChanged("jobs", "a", true);
    n3.subscriptionChanged("jobs", "a", true);
    n3.subscriptionChanged("jobs", "b", true);

    assertThat(forward(n1, "jobs", Set.of("a"))).isTrue();
    assertThat(sent).containsExactly("n1>n3 jobs [b]");

    sent.clear();
    for (int i = 0; i < 50; i++) {
      forward(n1, "jobs", Set.of("b"));
    }
    assertThat(sent).hasSize(50).allMatch(s -> s.endsWith("jobs [a]"));
    assertThat(sent).anyMatch(s -> s.startsWith("n1>n2")).anyMatch(s -> s.startsWith("n1>n3"));
  }

  @Test
  void interestGoesWithTheLastSubscriptionNotTheFirst() {
    NodeRoutes n1 = node("n1");
    NodeRoutes n2 = node("n2");
    n2.subscriptionChanged("a", null, true);
    n2.subscriptionChanged("a", null, true);
    n2.subscriptionChanged("a", null, false);
    assertThat(forward(n1, "a", Set.of())).isTrue();
    n2.subscriptionChanged("a", null, false);
    assertThat(forward(n1, "a", Set.of())).isFalse();
    // a stray withdrawal changes nothing
    n2.subscriptionChanged("a", null, false);
    assertThat(registry.interestOf("n2")).isEmpty();
  }

  @Test
  void internalInterestAndASubscriptionOnTheSameSubjectAreWithdrawnOnlyWhenBothAreGone() {
    NodeRoutes n2 = node("n2");
    n2.internalInterest(Set.of("$JS.API.>", "orders.>"));
    n2.subscriptionChanged("orders.>", null, true);
    n2.internalInterest(Set.of("$JS.API.>"));
    assertThat(registry.interestOf("n2"))
        .containsExactlyInAnyOrder(Interest.plain("$JS.API.>"), Interest.plain("orders.>"));
    n2.subscriptionChanged("orders.>", null, false);
    assertThat(registry.interestOf("n2")).containsExactly(Interest.plain("$JS.API.>"));
  }

  @Test
  void aStoppedNodeHasNoInterestAndRoutesNothingAndAnnouncesEverythingAgainWhenItStarts() {
    NodeRoutes n1 = node("n1");
    NodeRoutes n2 = node("n2");
    n2.subscriptionChanged("a", "q", true);
    n2.internalInterest(Set.of("b"));
    n2.stop();
    assertThat(registry.interestOf("n2")).isEmpty();
    assertThat(forward(n2, "x", Set.of())).isFalse();
    assertThat(forward(n1, "a", Set.of())).isFalse();

    n2.subscriptionChanged("c", null, true); // while down: kept, not announced
    assertThat(registry.interestOf("n2")).isEmpty();
    n2.start();
    assertThat(registry.interestOf("n2"))
        .containsExactlyInAnyOrder(new Interest("a", "q"), Interest.plain("b"), Interest.plain("c"));
    assertThat(forward(n1, "a", Set.of())).isTrue();
  }

  @Test
  void aCachedDecisionLastsUntilTheInterestChanges() {
    NodeRoutes n1 = node("n1");
    NodeRoutes n2 = node("n2");
    assertThat(forward(n1, "late", Set.of())).isFalse();
    long version = registry.version();
    n2.subscriptionChanged("late", null, true);
    assertThat(registry.version()).isGreaterThan(version);
    assertThat(forward(n1, "late", Set.of())).isTrue();
    assertThat(sent).containsExactly("n1>n2 late []");
  }

  @Test
  void aRoutedMessageCarriesTheSubjectItsReceiversSeeBesidesItsRoute() {
    List<RoutedMessage> frames = new ArrayList<>();
    NodeRoutes n1 = new NodeRoutes("n1", registry, (to, m) -> frames.add(m), new SplittableRandom(1));
    n1.start();
    node("n2").subscriptionChanged("deliver.here", null, true);
    n1.forward("deliver.here", "orders.new", "$JS.ACK.x", null, new byte[] {1}, q -> false);
    assertThat(frames).singleElement()
        .satisfies(m -> {
          assertThat(m.route()).isEqualTo("deliver.here");
          assertThat(m.subject()).isEqualTo("orders.new");
          assertThat(m.reply()).isEqualTo("$JS.ACK.x");
        });
  }
}
