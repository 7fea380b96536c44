package dev.jslab.local.sim;

import dev.jslab.engine.message.OutboundMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A client of a {@link JetStreamSim}, attached to one node at a time: it publishes (publishes,
 * acks, API requests all are publishes) and subscribes to its own inboxes, {@code
 * _INBOX.<name>.<n>}, as a NATS client does.
 *
 * <p>Not thread-safe: confined to the thread that drives the simulation.
 */
public final class SimClient {
  /** The prefix of every client inbox; the client's name follows. */
  static final String INBOX = "_INBOX.";

  private final String name;
  private final JetStreamSim sim;
  private final Map<String, Consumer<OutboundMessage>> subscriptions = new HashMap<>();
  private String node;
  private long inboxes;

  SimClient(String name, String node, JetStreamSim sim) {
    if (!name.matches("[A-Za-z0-9]+")) {
      throw new IllegalArgumentException("a client name is letters and digits: " + name);
    }
    this.name = name;
    this.node = node;
    this.sim = sim;
  }

  public String name() {
    return name;
  }

  /** The node the client is attached to now. */
  public String node() {
    return node;
  }

  void moveTo(String other) {
    node = other;
  }

  /** A fresh inbox subject of this client. */
  public String newInbox() {
    return INBOX + name + "." + (++inboxes);
  }

  /** Delivers what arrives on {@code inbox} to {@code handler} from now on. */
  public void subscribe(String inbox, Consumer<OutboundMessage> handler) {
    subscriptions.put(inbox, handler);
  }

  public void unsubscribe(String inbox) {
    subscriptions.remove(inbox);
  }

  /** Publishes {@code data} to {@code subject}, with {@code reply} and {@code headers} (either may be null). */
  public void publish(String subject, String reply, byte[] headers, byte[] data) {
    sim.fromClient(this, new OutboundMessage(subject, reply, headers, data));
  }

  void receive(OutboundMessage m) {
    Consumer<OutboundMessage> handler = subscriptions.get(m.route());
    if (handler != null) {
      handler.accept(m);
    }
  }
}
