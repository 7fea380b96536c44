package dev.jslab.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfoTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Info.Builder node() {
    return Info.builder().serverId("NABC").host("127.0.0.1").port(14555).clientId(4).clientIp("127.0.0.1");
  }

  @Test
  void theLineHasNatsServersFieldsInItsOrderAndEndsWithSpaceCrLf() throws Exception {
    String raw;
    try (InputStream in = InfoTest.class.getResourceAsStream("01-info-line.raw")) {
      raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String line = node().build().line();
    assertThat(line).startsWith("INFO {").endsWith("} \r\n");
    assertThat(raw).startsWith("INFO {").endsWith("} \r\n");
    assertThat(fieldNames(json(line))).isEqualTo(fieldNames(json(raw)));
  }

  @Test
  void aClusterNodesLineHasTheClusterAndConnectUrlsAfterTheClientFieldsAsNatsServersDoes()
      throws Exception {
    String raw;
    try (InputStream in = InfoTest.class.getResourceAsStream("01-info-line-cluster.raw")) {
      raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String line =
        node()
            .serverName("n1")
            .cluster("lab")
            .connectUrls(List.of("127.0.0.1:14561", "127.0.0.1:14562", "127.0.0.1:14563"))
            .build()
            .line();
    assertThat(fieldNames(json(line))).isEqualTo(fieldNames(json(raw)));
    assertThat(JSON.readTree(json(line)).get("connect_urls"))
        .isEqualTo(JSON.readTree(json(raw)).get("connect_urls"));
  }

  @Test
  void lameDuckComesLastAsInNatsServersInfoStruct() throws Exception {
    String json = node().cluster("lab").connectUrls(List.of("127.0.0.1:2")).lameDuck(true).build().json();
    assertThat(fieldNames(json)).endsWith("client_id", "client_ip", "cluster", "connect_urls", "ldm");
  }

  @Test
  void theXKeyOf210ComesAfterLameDuckAtTheEnd() throws Exception {
    String json =
        node().cluster("lab").connectUrls(List.of("127.0.0.1:2")).lameDuck(true).xkey("XABC")
            .build().json();
    assertThat(fieldNames(json)).endsWith("connect_urls", "ldm", "xkey");
    assertThat(JSON.readTree(json).get("xkey").asText()).isEqualTo("XABC");
  }

  @Test
  void itAdvertisesA210VersionHeadersJetStreamAndTheDefaultMaxPayload() throws Exception {
    JsonNode info = JSON.readTree(json(node().build().line()));
    assertThat(info.get("version").asText()).isEqualTo("2.10.22");
    assertThat(info.get("server_name").asText()).isEqualTo("NABC");
    assertThat(info.get("proto").asInt()).isEqualTo(1);
    assertThat(info.get("headers").asBoolean()).isTrue();
    assertThat(info.get("jetstream").asBoolean()).isTrue();
    assertThat(info.get("max_payload").asLong()).isEqualTo(1048576);
    assertThat(info.get("port").asInt()).isEqualTo(14555);
    assertThat(info.has("auth_required")).isFalse();
    assertThat(info.has("connect_urls")).isFalse();
  }

  @Test
  void authConnectUrlsAndLameDuckAppearWhenSet() throws Exception {
    JsonNode info =
        JSON.readTree(
            node()
                .serverName("n1")
                .authRequired(true)
                .connectUrls(List.of("127.0.0.1:4222", "127.0.0.1:4223"))
                .lameDuck(true)
                .build()
                .json());
    assertThat(info.get("server_name").asText()).isEqualTo("n1");
    assertThat(info.get("auth_required").asBoolean()).isTrue();
    assertThat(info.get("connect_urls").toString()).isEqualTo("[\"127.0.0.1:4222\",\"127.0.0.1:4223\"]");
    assertThat(info.get("ldm").asBoolean()).isTrue();
  }

  @Test
  void stringsAreJsonEscaped() throws Exception {
    JsonNode info = JSON.readTree(node().serverName("a\"b\\c").build().json());
    assertThat(info.get("server_name").asText()).isEqualTo("a\"b\\c");
  }

  private static String json(String line) {
    return line.substring("INFO ".length(), line.length() - " \r\n".length());
  }

  private static List<String> fieldNames(String json) throws Exception {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) JSON.readTree(json)::fields) {
      names.add(e.getKey());
    }
    return names;
  }
}
