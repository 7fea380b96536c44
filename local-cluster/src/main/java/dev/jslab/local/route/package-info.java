/**
 * Routes between the nodes of a live cluster: which node wants which subjects ({@link
 * dev.jslab.local.route.InterestRegistry}, standing for the route protocol's {@code RS+} / {@code
 * RS-} and its re-sync on reconnect) and each node's side of the engine's routing seam ({@link
 * dev.jslab.local.route.NodeRoutes}), which turns the cluster's interest into the route frames a
 * message becomes. The frames themselves travel over the cluster network, so its faults apply.
 */
package dev.jslab.local.route;
