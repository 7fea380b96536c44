/** The window around the pages: header bar, theme switching and the main window's layout. */
package dev.jslab.app.shell;
