/** The {@code jslab} command: the desktop app by default, headless tools as subcommands. */
package dev.jslab.app.cli;
