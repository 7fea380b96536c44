package dev.jslab.local.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.route.RoutedMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class RouteBatcherTest {
  private static RoutedMessage msg(String subject) {
    return new RoutedMessage(subject, subject, null, null, new byte[0], List.of());
  }

  @Test
  void whatOneTaskSendsLeavesAsOneFramePerDestinationInOrderAfterTheTask() {
    Queue<Runnable> thread = new ArrayDeque<>();
    List<String> frames = new ArrayList<>();
    RouteBatcher batcher = new RouteBatcher(thread::add, (to, messages) ->
        frames.add(to + ":" + String.join(",", messages.stream().map(RoutedMessage::subject).toList())));
    batcher.send("n2", msg("a"));
    batcher.send("n3", msg("b"));
    batcher.send("n2", msg("c"));
    assertThat(frames).isEmpty(); // nothing leaves during the task
    assertThat(thread).hasSize(1);
    thread.poll().run();
    assertThat(frames).containsExactly("n2:a,c", "n3:b");
    batcher.send("n2", msg("d"));
    thread.poll().run();
    assertThat(frames).containsExactly("n2:a,c", "n3:b", "n2:d");
  }
}
