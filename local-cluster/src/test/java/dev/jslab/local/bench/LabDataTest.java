package dev.jslab.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LabDataTest {
  @Test
  void theEphemeralRootIsTheParentOfTheFirstNodesData() {
    String output =
        "n1 running data=/tmp/jetstream-lab-lab-5120/n1 nats://127.0.0.1:4222\n"
            + "n2 running data=/tmp/jetstream-lab-lab-5120/n2 nats://127.0.0.1:4223\n";
    assertThat(LabData.ephemeralRoot(output)).contains(Path.of("/tmp/jetstream-lab-lab-5120"));
  }

  @Test
  void aDirectoryTheLabDidNotMakeForItselfIsLeftAlone() {
    assertThat(LabData.ephemeralRoot("n1 running data=/home/me/lab/n1 nats://127.0.0.1:4222")).isEmpty();
    assertThat(LabData.ephemeralRoot("[1] Starting nats-server")).isEmpty();
  }
}
