package dev.jslab.local.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What crosses a WAN link between two JetStream domains, and what stays in its domain. */
class WanLinkTest {
  private final InterestRegistry registry =
      new InterestRegistry(Map.of("n1", "east", "n2", "east", "n3", "dr"));

  private List<String> receivers(String from, String subject) {
    return registry.decide(from, subject).plain();
  }

  private void everyNodeHasJetStreamInterest() {
    for (String node : List.of("n1", "n2", "n3")) {
      for (String filter : List.of("$JS.API.>", "$JSC.>", "$JS.FC.>", "$JS.ACK.>")) {
        registry.add(node, Interest.plain(filter));
      }
    }
    registry.add("n1", Interest.plain("$JS.east.API.>"));
    registry.add("n2", Interest.plain("$JS.east.API.>"));
    registry.add("n3", Interest.plain("$JS.dr.API.>"));
  }

  @Test
  void aDomainsOwnApiAndClusterTrafficStayInTheDomain() {
    everyNodeHasJetStreamInterest();

    assertThat(receivers("n1", "$JS.API.STREAM.INFO.ORDERS")).containsExactly("n2");
    assertThat(receivers("n1", "$JSC.SI.ORDERS")).containsExactly("n2");
    assertThat(receivers("n3", "$JS.API.STREAM.NAMES")).isEmpty();
  }

  @Test
  void anotherDomainsApiIsReachedUnderItsDomainPrefix() {
    everyNodeHasJetStreamInterest();

    assertThat(receivers("n3", "$JS.east.API.CONSUMER.CREATE.ORDERS")).containsExactly("n1", "n2");
    assertThat(receivers("n1", "$JS.dr.API.STREAM.INFO.ORDERS")).containsExactly("n3");
  }

  @Test
  void aMirrorsInboxesAndFlowControlCrossButListGatheringInboxesDoNot() {
    everyNodeHasJetStreamInterest();
    registry.add("n3", Interest.plain("$JSC.R.kX81aQ2b"));
    registry.add("n3", Interest.plain("$JS.M.Ab3dE"));

    assertThat(receivers("n1", "$JSC.R.kX81aQ2b")).containsExactly("n2", "n3");
    assertThat(receivers("n1", "$JSC.R.7.ORDERS")).containsExactly("n2");
    assertThat(receivers("n1", "$JS.M.Ab3dE")).containsExactly("n3");
    assertThat(receivers("n3", "$JS.FC.ORDERS.abc.1")).containsExactly("n1", "n2");
  }

  @Test
  void keyValueAndObjectStoreSubjectsStayInTheirDomain() {
    registry.add("n3", Interest.plain("$KV.config.>"));
    registry.add("n3", Interest.plain("$OBJ.files.>"));
    registry.add("n3", Interest.plain("orders.>"));

    assertThat(receivers("n1", "$KV.config.db")).isEmpty();
    assertThat(receivers("n1", "$OBJ.files.C.x")).isEmpty();
    assertThat(receivers("n1", "orders.1")).containsExactly("n3");
  }

  @Test
  void withoutDomainsEverySubjectGoesToEveryNodeWithInterest() {
    InterestRegistry oneCluster = new InterestRegistry();
    oneCluster.add("n2", Interest.plain("$JS.API.>"));
    oneCluster.add("n2", Interest.plain("$KV.>"));

    assertThat(oneCluster.decide("n1", "$JS.API.INFO").plain()).containsExactly("n2");
    assertThat(oneCluster.decide("n1", "$KV.b.k").plain()).containsExactly("n2");
  }
}
