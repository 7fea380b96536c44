/**
 * Routes: core NATS messages between the nodes of a cluster, as nats-server's routes carry them
 * (full mesh, one hop). The engine holds the pure parts: the message a route carries ({@link
 * dev.jslab.engine.route.RoutedMessage}, nats-server's {@code RMSG}) and the seam through which a
 * node's hub announces its interest and forwards what its clients and it itself publish ({@link
 * dev.jslab.engine.route.Routes}); the host supplies the network and the cluster's interest.
 */
package dev.jslab.engine.route;
