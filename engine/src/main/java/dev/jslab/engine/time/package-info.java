/**
 * Time as the engine sees it: an injected {@link dev.jslab.engine.time.TimeSource} and {@link
 * dev.jslab.engine.time.Scheduler}. The engine never reads the wall clock itself, so the
 * deterministic simulator can run it in virtual time ({@link
 * dev.jslab.engine.time.VirtualScheduler}) and a live host can run it in real time.
 */
package dev.jslab.engine.time;
