package dev.jslab.local.cluster;

/**
 * What crossed one directed link of the lab's network since the lab started, counted in messages
 * (each Raft message, each routed client message, however they were framed). A view computes
 * rates from two readings. Immutable.
 *
 * @param from the sending node
 * @param to the receiving node
 * @param raftSent Raft messages handed to the link
 * @param raftDelivered Raft messages that arrived (a duplicate the link made counts again)
 * @param raftDropped Raft messages lost: a cut link, the link's loss, a node down
 * @param routedSent routed client messages (publishes, answers, deliveries) handed to the link
 * @param routedDelivered routed client messages that arrived
 * @param routedDropped routed client messages lost
 */
public record LinkTraffic(
    String from,
    String to,
    long raftSent,
    long raftDelivered,
    long raftDropped,
    long routedSent,
    long routedDelivered,
    long routedDropped) {}
