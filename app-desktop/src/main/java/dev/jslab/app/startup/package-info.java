/** Starting the explorer's local cluster from the command line, with readable failures. */
package dev.jslab.app.startup;
