/**
 * The node's {@code $JS.API.*} JSON API: {@link dev.jslab.engine.api.handler.JsApi} takes a
 * request on an API subject and answers on its reply subject as nats-server 2.10 does (field order,
 * ns durations, RFC 3339 times, its error codes). Everything here is confined to the node's
 * executor.
 */
package dev.jslab.engine.api.handler;
