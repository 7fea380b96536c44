/** Messages as the engine passes them around: NATS header blocks and outbound messages. */
package dev.jslab.engine.message;
