package dev.jslab.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.api.ApiError;
import dev.jslab.engine.sourcing.StreamSourceInfo;
import dev.jslab.engine.stream.ExternalStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MirrorViewTest {
  private static StreamFacts stream(String node, String domain, String name, long last, boolean leads) {
    return new StreamFacts(node, domain, name, last, leads, Optional.empty());
  }

  private static StreamFacts mirror(
      String node, String domain, String name, long last, String origin, String api, long activeNanos) {
    ExternalStream ext = api == null ? null : new ExternalStream(api, "");
    return new StreamFacts(node, domain, name, last, true, Optional.of(
        new StreamSourceInfo(origin, ext, 0, activeNanos, null, "", List.of())));
  }

  @Test
  void aMirrorInAnotherDomainIsBehindByWhatItsOriginsLeaderHasMore() {
    List<MirrorView> views = MirrorView.of(List.of(
        stream("n1", "east", "ORDERS", 40, true),
        stream("n2", "east", "ORDERS", 38, false), // a follower's copy does not count
        stream("n4", "dr", "ORDERS_OTHER", 99, true),
        mirror("n4", "dr", "ORDERS", 25, "ORDERS", "$JS.east.API", 12_000_000_000L)));

    assertThat(views).hasSize(1);
    MirrorView m = views.get(0);
    assertThat(m.node()).isEqualTo("n4");
    assertThat(m.originDomain()).isEqualTo("east");
    assertThat(m.originSeq()).isEqualTo(40);
    assertThat(m.behind()).isEqualTo(15);
    assertThat(m.activeMillis()).isEqualTo(12_000);
  }

  @Test
  void aMirrorWithoutExternalApiFollowsAStreamOfItsOwnDomainNotASameNamedOneElsewhere() {
    List<MirrorView> views = MirrorView.of(List.of(
        stream("n1", "east", "ORDERS", 40, true),
        stream("n4", "dr", "ORDERS", 7, true),
        mirror("n5", "dr", "BACKUP", 7, "ORDERS", null, 0)));

    assertThat(views.get(0).originDomain()).isEqualTo("dr");
    assertThat(views.get(0).behind()).isZero();
  }

  @Test
  void anOriginNoRunningNodeLeadsLeavesHowFarBehindUnknown() {
    MirrorView m = MirrorView.of(List.of(mirror("n4", "dr", "ORDERS", 5, "ORDERS", "$JS.east.API", -1))).get(0);

    assertThat(m.originSeq()).isEqualTo(-1);
    assertThat(m.behind()).isEqualTo(-1);
    assertThat(m.activeMillis()).isEqualTo(-1);
  }

  @Test
  void aMirrorNoCopyLeadsIsShownOnceWithoutANodeAndALeadingCopyWinsOverFollowers() {
    StreamFacts follower = new StreamFacts("n5", "dr", "ORDERS", 20, false, Optional.of(
        new StreamSourceInfo("ORDERS", new ExternalStream("$JS.east.API", ""), 0, -1, null, "", List.of())));
    StreamFacts otherFollower = new StreamFacts("n6", "dr", "ORDERS", 19, false, follower.mirror());

    List<MirrorView> leaderless = MirrorView.of(List.of(stream("n1", "east", "ORDERS", 30, true), follower, otherFollower));
    assertThat(leaderless).hasSize(1);
    assertThat(leaderless.get(0).node()).isEmpty();
    assertThat(leaderless.get(0).behind()).isEqualTo(10);

    List<MirrorView> led = MirrorView.of(List.of(follower, mirror("n4", "dr", "ORDERS", 20, "ORDERS", "$JS.east.API", 0), otherFollower));
    assertThat(led).extracting(MirrorView::node).containsExactly("n4");
  }

  @Test
  void anApiPrefixThatNamesNoDomainCountsAsTheMirrorsOwn() {
    assertThat(MirrorView.domainOf("$JS.east.API", "dr")).isEqualTo("east");
    assertThat(MirrorView.domainOf("$JS.API", "dr")).isEqualTo("dr");
    assertThat(MirrorView.domainOf("JS.acc.API", "dr")).isEqualTo("dr");
    assertThat(MirrorView.domainOf("$JS.a.b.API", "dr")).isEqualTo("dr");
  }

  @Test
  void progressIgnoresTheHeartbeatClockButNotAGrowingSilence() {
    MirrorView base = MirrorView.of(List.of(
        stream("n1", "east", "ORDERS", 10, true),
        mirror("n4", "dr", "ORDERS", 10, "ORDERS", "$JS.east.API", 200_000_000L))).get(0);
    MirrorView heartbeatLater = withActive(base, 900);
    MirrorView silent = withActive(base, 12_000);
    MirrorView longerSilent = withActive(base, 17_000);

    assertThat(heartbeatLater.progress()).isEqualTo(base.progress());
    assertThat(silent.progress()).isNotEqualTo(base.progress());
    assertThat(longerSilent.progress()).isNotEqualTo(silent.progress());
  }

  @Test
  void aSetupErrorIsCarriedAsItsDescription() {
    StreamFacts failing = new StreamFacts("n4", "dr", "ORDERS", 0, true, Optional.of(
        new StreamSourceInfo("ORDERS", new ExternalStream("$JS.east.API", ""), 0, -1,
            new ApiError(404, 10059, "stream not found"), "", List.of())));

    assertThat(MirrorView.of(List.of(failing)).get(0).error()).contains("stream not found");
  }

  private static MirrorView withActive(MirrorView m, long activeMillis) {
    return new MirrorView(m.stream(), m.node(), m.domain(), m.origin(), m.originDomain(),
        m.mirroredSeq(), m.originSeq(), m.behind(), m.reportedLag(), activeMillis, m.error());
  }
}
