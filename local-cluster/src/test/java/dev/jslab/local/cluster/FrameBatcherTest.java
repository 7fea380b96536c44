package dev.jslab.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class FrameBatcherTest {
  @Test
  void whatOneTaskSendsLeavesAsOneFramePerDestinationInOrderAfterTheTask() {
    Queue<Runnable> thread = new ArrayDeque<>();
    List<String> frames = new ArrayList<>();
    FrameBatcher<String> batcher =
        new FrameBatcher<>(thread::add, (to, messages) -> frames.add(to + ":" + String.join(",", messages)));
    batcher.send("n2", "a");
    batcher.send("n3", "b");
    batcher.send("n2", "c");
    assertThat(frames).isEmpty(); // nothing leaves during the task
    assertThat(thread).hasSize(1);
    thread.poll().run();
    assertThat(frames).containsExactly("n2:a,c", "n3:b");
    batcher.send("n2", "d");
    thread.poll().run();
    assertThat(frames).containsExactly("n2:a,c", "n3:b", "n2:d");
  }
}
