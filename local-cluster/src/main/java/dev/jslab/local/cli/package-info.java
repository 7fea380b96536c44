/** The headless command line: {@code jslab server} and the option handling it shares with the app. */
package dev.jslab.local.cli;
