/**
 * Per-node HTTP monitoring as nats-server serves it: the {@code /varz /connz /jsz /healthz
 * /raftz} documents and {@code /metrics} in the Prometheus NATS exporter's series, each built as a
 * pure function of the node's state, the host's facts and the time the host passes in.
 */
package dev.jslab.engine.monitor;
