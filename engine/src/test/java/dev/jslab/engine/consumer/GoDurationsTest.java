package dev.jslab.engine.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Go's time.Duration String() and ParseDuration. */
class GoDurationsTest {
  @Test
  void formatsAsGoPrintsDurations() {
    assertThat(GoDurations.format(0)).isEqualTo("0s");
    assertThat(GoDurations.format(1)).isEqualTo("1ns");
    assertThat(GoDurations.format(1_500)).isEqualTo("1.5\u00b5s");
    assertThat(GoDurations.format(500_000_000L)).isEqualTo("500ms");
    assertThat(GoDurations.format(1_000_000_000L)).isEqualTo("1s");
    assertThat(GoDurations.format(1_500_000_000L)).isEqualTo("1.5s");
    assertThat(GoDurations.format(90_000_000_000L)).isEqualTo("1m30s");
    assertThat(GoDurations.format(3_600_000_000_000L)).isEqualTo("1h0m0s");
    assertThat(GoDurations.format(-2_000_000_000L)).isEqualTo("-2s");
  }

  @Test
  void parsesWhatGoParses() {
    assertThat(GoDurations.parse("5s")).isEqualTo(5_000_000_000L);
    assertThat(GoDurations.parse("500ms")).isEqualTo(500_000_000L);
    assertThat(GoDurations.parse("1h2m3.5s")).isEqualTo(3_723_500_000_000L);
    assertThat(GoDurations.parse("1.5us")).isEqualTo(1_500L);
    assertThat(GoDurations.parse("-1m")).isEqualTo(-60_000_000_000L);
    assertThat(GoDurations.parse("0")).isZero();
    assertThat(GoDurations.parse(".5s")).isEqualTo(500_000_000L);
  }

  @Test
  void refusesWhatGoRefuses() {
    assertThatThrownBy(() -> GoDurations.parse("5")).hasMessage("time: missing unit in duration \"5\"");
    assertThatThrownBy(() -> GoDurations.parse("soon")).hasMessage("time: invalid duration \"soon\"");
    assertThatThrownBy(() -> GoDurations.parse("5y")).hasMessage("time: unknown unit \"y\" in duration \"5y\"");
    assertThatThrownBy(() -> GoDurations.parse("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GoDurations.parse(".s")).isInstanceOf(IllegalArgumentException.class);
  }
}
