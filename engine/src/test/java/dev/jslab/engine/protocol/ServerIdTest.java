package dev.jslab.engine.protocol;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ServerIdTest {
  @Test
  void aServerIdIsAFiftySixCharacterBase32NkeyStartingWithN() {
    String id = ServerId.generate(new SplittableRandom(7));
    assertThat(id).hasSize(56).startsWith("N").matches("[A-Z2-7]+");
  }

  @Test
  void theSameSeedGivesTheSameIdAndAnotherSeedAnother() {
    assertThat(ServerId.generate(new SplittableRandom(7)))
        .isEqualTo(ServerId.generate(new SplittableRandom(7)))
        .isNotEqualTo(ServerId.generate(new SplittableRandom(8)));
  }

  @Test
  void anXKeyIsAFiftySixCharacterBase32CurveKeyStartingWithX() {
    assertThat(ServerId.generateXKey(new SplittableRandom(7)))
        .hasSize(56).startsWith("X").matches("[A-Z2-7]+");
  }

  @Test
  void theChecksumIsCrc16Xmodem() {
    assertThat(ServerId.crc16("123456789".getBytes(US_ASCII), 9)).isEqualTo(0x31C3);
  }
}
