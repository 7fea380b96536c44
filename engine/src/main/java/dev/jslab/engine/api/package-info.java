/**
 * The JetStream API's vocabulary shared by the engine and the wire: the error catalog ({@link
 * dev.jslab.engine.api.JsError}) and, later, the JSON model of requests and responses.
 */
package dev.jslab.engine.api;
