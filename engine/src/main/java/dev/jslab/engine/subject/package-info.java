/**
 * NATS subjects: validation, wildcard matching ({@code *} one token, {@code >} the rest), overlap
 * between filters, and {@link dev.jslab.engine.subject.SubjectIndex} for interest lookups.
 *
 * <p>The rules follow nats-server: tokens are separated by {@code .}, none may be empty or hold
 * white space, a wildcard is a token of its own ({@code foo*} is a literal), and {@code >} may
 * only be the last token.
 */
package dev.jslab.engine.subject;
