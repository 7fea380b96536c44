/** Real TCP for the nodes: the NATS client protocol on a per-node listener. */
package dev.jslab.local.net;
