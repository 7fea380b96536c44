/**
 * The JSON wire model of JetStream: configurations, infos and requests read and written exactly
 * as nats-server does (field names, order, omitted empties, nanosecond durations, RFC 3339 times).
 * Parsing is strict where nats-server's is: a value of the wrong type is an error, never a silent
 * default; unknown fields are ignored, as Go ignores them.
 */
package dev.jslab.engine.wire;
