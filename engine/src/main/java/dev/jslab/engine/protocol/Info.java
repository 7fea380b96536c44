package dev.jslab.engine.protocol;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code INFO} line a node sends on accept (and later, when its cluster changes or it enters
 * lame-duck mode), with the fields jnats reads, in the order of nats-server's {@code Info} struct, ending with {@code " \r\n"} as nats-server's does. Immutable; build with {@link
 * #builder()}.
 */
public final class Info {
  /** The nats-server version advertised, so clients enable the 2.10 API. */
  public static final String DEFAULT_VERSION = "2.10.22";
  /** The Go version nats-server 2.10.22 reports. */
  public static final String DEFAULT_GO = "go1.22.8";

  private final Builder b;

  private Info(Builder builder) {
    this.b = builder.copy();
  }

  /** A builder with the defaults: version 2.10.22, proto 1, headers, JetStream, 1 MiB payload. */
  public static Builder builder() {
    return new Builder();
  }

  /** The JSON object alone. */
  public String json() {
    StringBuilder out = new StringBuilder(256).append('{');
    string(out, "server_id", b.serverId).append(',');
    string(out, "server_name", b.serverName).append(',');
    string(out, "version", b.version).append(',');
    out.append("\"proto\":").append(b.proto).append(',');
    string(out, "go", b.go).append(',');
    string(out, "host", b.host).append(',');
    out.append("\"port\":").append(b.port).append(',');
    out.append("\"headers\":").append(b.headers).append(',');
    if (b.authRequired) {
      out.append("\"auth_required\":true,");
    }
    out.append("\"max_payload\":").append(b.maxPayload).append(',');
    out.append("\"jetstream\":").append(b.jetstream);
    out.append(",\"client_id\":").append(b.clientId);
    if (b.clientIp != null) {
      out.append(',');
      string(out, "client_ip", b.clientIp);
    }
    if (b.cluster != null && !b.cluster.isEmpty()) {
      out.append(',');
      string(out, "cluster", b.cluster);
    }
    if (b.domain != null && !b.domain.isEmpty()) {
      out.append(',');
      string(out, "domain", b.domain);
    }
    if (!b.connectUrls.isEmpty()) {
      out.append(",\"connect_urls\":[");
      for (int i = 0; i < b.connectUrls.size(); i++) {
        out.append(i == 0 ? "" : ",").append(quote(b.connectUrls.get(i)));
      }
      out.append(']');
    }
    if (b.lameDuck) {
      out.append(",\"ldm\":true");
    }
    if (b.xkey != null && !b.xkey.isEmpty()) {
      out.append(',');
      string(out, "xkey", b.xkey);
    }
    return out.append('}').toString();
  }

  /** {@code INFO <json> \r\n}. */
  public String line() {
    return "INFO " + json() + " \r\n";
  }

  /** {@link #line()} as bytes. */
  public byte[] bytes() {
    return line().getBytes(StandardCharsets.UTF_8);
  }

  private static StringBuilder string(StringBuilder out, String field, String value) {
    return out.append('"').append(field).append("\":").append(quote(value));
  }

  private static String quote(String value) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
  }

  /** Mutable builder of {@link Info}; not thread-safe. */
  public static final class Builder {
    private String serverId = "";
    private String xkey = "";
    private String serverName;
    private String version = DEFAULT_VERSION;
    private int proto = 1;
    private String go = DEFAULT_GO;
    private String host = "127.0.0.1";
    private int port = 4222;
    private boolean headers = true;
    private boolean authRequired;
    private long maxPayload = ProtocolParser.DEFAULT_MAX_PAYLOAD;
    private boolean jetstream = true;
    private List<String> connectUrls = List.of();
    private String cluster;
    private String domain;
    private boolean lameDuck;
    private long clientId;
    private String clientIp;

    private Builder() {}

    private Builder copy() {
      Builder c = new Builder();
      c.serverId = serverId;
      c.xkey = xkey;
      c.serverName = serverName == null ? serverId : serverName;
      c.version = version;
      c.proto = proto;
      c.go = go;
      c.host = host;
      c.port = port;
      c.headers = headers;
      c.authRequired = authRequired;
      c.maxPayload = maxPayload;
      c.jetstream = jetstream;
      c.connectUrls = connectUrls;
      c.cluster = cluster;
      c.domain = domain;
      c.lameDuck = lameDuck;
      c.clientId = clientId;
      c.clientIp = clientIp;
      return c;
    }

    /** The server's public curve key, last in INFO as 2.10's {@code xkey}; empty leaves it out. */
    public Builder xkey(String v) {
      xkey = v;
      return this;
    }

    public Builder serverId(String v) {
      serverId = v;
      return this;
    }

    /** Defaults to the server id, as nats-server's. */
    public Builder serverName(String v) {
      serverName = v;
      return this;
    }

    public Builder version(String v) {
      version = v;
      return this;
    }

    public Builder go(String v) {
      go = v;
      return this;
    }

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder headers(boolean v) {
      headers = v;
      return this;
    }

    public Builder authRequired(boolean v) {
      authRequired = v;
      return this;
    }

    public Builder maxPayload(long v) {
      maxPayload = v;
      return this;
    }

    public Builder jetstream(boolean v) {
      jetstream = v;
      return this;
    }

    /** The client URLs of every node of the cluster; left out of INFO when empty. */
    public Builder connectUrls(List<String> v) {
      connectUrls = List.copyOf(v);
      return this;
    }

    /** The JetStream domain; left out of INFO when null or empty. */
    public Builder domain(String v) {
      domain = v;
      return this;
    }

    /** The cluster's name; left out of INFO when null or empty (a single server). */
    public Builder cluster(String v) {
      cluster = v;
      return this;
    }

    /** Announces lame-duck mode ({@code "ldm":true}). */
    public Builder lameDuck(boolean v) {
      lameDuck = v;
      return this;
    }

    public Builder clientId(long v) {
      clientId = v;
      return this;
    }

    /** Left out when null. */
    public Builder clientIp(String v) {
      clientIp = v;
      return this;
    }

    public Info build() {
      return new Info(this);
    }
  }
}
