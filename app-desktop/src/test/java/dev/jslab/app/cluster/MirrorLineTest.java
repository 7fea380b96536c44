package dev.jslab.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.local.cluster.MirrorView;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a node card words one mirror. */
class MirrorLineTest {
  private static MirrorView mirror(String originDomain, long behind, long activeMillis, String error) {
    return new MirrorView("ORDERS", "n4", "dr", "ORDERS", originDomain, 5, behind < 0 ? -1 : 5 + behind,
        behind, 0, activeMillis, Optional.ofNullable(error));
  }

  @Test
  void aCaughtUpMirrorThatHearsItsOriginSaysSoAndNothingAboutSilence() {
    assertThat(NodeCardViewModel.mirrorLine(mirror("east", 0, 400, null)))
        .isEqualTo("ORDERS \u2190 ORDERS@east \u00b7 caught up \u00b7 lag 0");
  }

  @Test
  void aMirrorCutOffSaysHowFarBehindAndHowLongSilent() {
    assertThat(NodeCardViewModel.mirrorLine(mirror("east", 25, 12_300, null)))
        .isEqualTo("ORDERS \u2190 ORDERS@east \u00b7 25 behind \u00b7 lag 0 \u00b7 silent 12 s");
  }

  @Test
  void anOriginInTheMirrorsOwnDomainIsNamedWithoutADomainAndAnUnreachableOneSaysSo() {
    assertThat(NodeCardViewModel.mirrorLine(mirror("dr", -1, -1, "stream not found")))
        .isEqualTo("ORDERS \u2190 ORDERS \u00b7 origin unreachable \u00b7 lag 0 \u00b7 origin never heard"
            + " \u00b7 stream not found");
  }
}
