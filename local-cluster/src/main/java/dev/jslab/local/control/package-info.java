/**
 * Controlling a running lab from outside its process: the HTTP control API every node's monitoring
 * port also serves ({@code /jslab/v1/…}), and the {@code jslab ctl} command that drives it.
 */
package dev.jslab.local.control;
