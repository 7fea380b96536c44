/**
 * How failures reach a person: readable one-line reasons, error alerts with expandable details,
 * and the handler for exceptions nobody caught.
 */
package dev.jslab.app.error;
