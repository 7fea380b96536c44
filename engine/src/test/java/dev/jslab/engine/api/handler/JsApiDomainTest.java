package dev.jslab.engine.api.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node with a JetStream domain: its {@code $JS.<domain>.API} subjects and {@code domain} fields. */
class JsApiDomainTest {
  @TempDir Path dir;
  private ApiFixture f;

  @BeforeEach
  void setUp() {
    f = new ApiFixture(dir, "hub");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void theDomainsApiSubjectsAreServedAndInfosNameTheDomainButACreatesAnswerDoesNot() {
    String created = f.request("$JS.hub.API.STREAM.CREATE.D", "{\"name\":\"D\",\"storage\":\"memory\"}");
    assertThat(created).contains("\"did_create\":true").doesNotContain("\"domain\"");
    assertThat(f.request("$JS.hub.API.STREAM.INFO.D", ""))
        .contains(",\"consumer_count\":0},\"domain\":\"hub\",\"cluster\":{\"leader\":\"n1\"}}");
    assertThat(f.request("$JS.API.STREAM.LIST", "")).contains("\"domain\":\"hub\"");
    assertThat(f.request("$JS.hub.API.INFO", "")).contains("\"max_bytes_required\":false},\"domain\":\"hub\",\"api\":{");
    assertThat(f.request("$JS.leaf.API.INFO", "")).isNull();
  }
}
