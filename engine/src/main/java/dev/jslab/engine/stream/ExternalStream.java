package dev.jslab.engine.stream;

/** A source or mirror in another domain or account: its API prefix and delivery prefix. */
public record ExternalStream(String api, String deliver) {}
