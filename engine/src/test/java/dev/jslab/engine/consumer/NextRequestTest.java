package dev.jslab.engine.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pull request bodies read as nats-server's nextReqFromMsg and Go's encoding/json read them. */
class NextRequestTest {
  private static NextRequest parse(String body) throws NextRequest.BadRequest {
    return NextRequest.parse(body.getBytes(UTF_8));
  }

  @Test
  void emptyOrBlankBodyIsOneMessage() throws Exception {
    assertThat(parse("")).isEqualTo(NextRequest.ONE);
    assertThat(parse(" \t\r\n")).isEqualTo(NextRequest.ONE);
    assertThat(NextRequest.parse(null)).isEqualTo(NextRequest.ONE);
  }

  @Test
  void plainIntegerIsTheBatchAndAnythingElseIsOneMessage() throws Exception {
    assertThat(parse(" 7 ").batch()).isEqualTo(7);
    assertThat(parse("+3").batch()).isEqualTo(3);
    assertThat(parse("-2").batch()).isEqualTo(-2);
    assertThat(parse("1.5")).isEqualTo(NextRequest.ONE);
    assertThat(parse("garbage")).isEqualTo(NextRequest.ONE);
    assertThat(parse("99999999999999999999")).isEqualTo(NextRequest.ONE);
  }

  @Test
  void jsonFieldsAreReadAsGoMatchesThem() throws Exception {
    NextRequest r = parse(
        "{\"batch\":5,\"expires\":2000000000,\"max_bytes\":1024,\"no_wait\":true,"
            + "\"idle_heartbeat\":1000000000,\"unknown\":[1,{\"a\":null}]}");
    assertThat(r).isEqualTo(new NextRequest(5, 2_000_000_000L, 1024, true, 1_000_000_000L));
    assertThat(parse("{\"BATCH\":4}").batch()).isEqualTo(4);
    assertThat(parse("{\"batch\":4,\"batch\":6}").batch()).isEqualTo(6);
    assertThat(parse("{\"batch\":null}").batch()).isZero();
    assertThat(parse("{}")).isEqualTo(new NextRequest(0, 0, 0, false, 0));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "{nope|invalid character 'n' looking for beginning of object key string",
    "{\"batch\":1|unexpected end of JSON input",
    "{\"batch\" 1}|invalid character '1' after object key",
    "{\"batch\":1 \"x\":2}|invalid character '\"' after object key:value pair",
    "{\"batch\":}|invalid character '}' looking for beginning of value",
    "{\"batch\":01}|invalid character '1' after object key:value pair",
    "{\"batch\":-x}|invalid character 'x' in numeric literal",
    "{\"batch\":1.}|invalid character '}' after decimal point in numeric literal",
    "{\"batch\":1e}|invalid character '}' in exponent of numeric literal",
    "{\"no_wait\":tru}|invalid character '}' in literal true (expecting 'e')",
    "{\"no_wait\":nul}|invalid character '}' in literal null (expecting 'l')",
    "{\"a\":\"\\q\"}|invalid character 'q' in string escape code",
    "{\"a\":\"\\u12x4\"}|invalid character 'x' in \\u hexadecimal character escape",
    "{\"a\":[1 2]}|invalid character '2' after array element",
    "{\"batch\":1}x|invalid character 'x' after top-level value",
    "{'batch':1}|invalid character '\\'' looking for beginning of object key string",
    "{\"batch\":\"2\"}|json: cannot unmarshal string into Go struct field JSApiConsumerGetNextRequest.batch of type int",
    "{\"batch\":1.5}|json: cannot unmarshal number 1.5 into Go struct field JSApiConsumerGetNextRequest.batch of type int",
    "{\"expires\":true}|json: cannot unmarshal bool into Go struct field JSApiConsumerGetNextRequest.expires of type time.Duration",
    "{\"no_wait\":1}|json: cannot unmarshal number into Go struct field JSApiConsumerGetNextRequest.no_wait of type bool",
    "{\"max_bytes\":[1]}|json: cannot unmarshal array into Go struct field JSApiConsumerGetNextRequest.max_bytes of type int",
    "{\"idle_heartbeat\":{}}|json: cannot unmarshal object into Go struct field JSApiConsumerGetNextRequest.idle_heartbeat of type time.Duration",
    "{\"batch\":1,\"idle_heartbeat\":1000}|heartbeat value too large",
  })
  void badBodiesGetGosErrorText(String body, String message) {
    assertThatThrownBy(() -> parse(body))
        .isInstanceOf(NextRequest.BadRequest.class)
        .hasMessage(message);
  }

  @Test
  void controlCharacterInAStringIsNamedAsGoQuotesIt() {
    assertThatThrownBy(() -> NextRequest.parse("{\"a\":\"\u0001\"}".getBytes(UTF_8)))
        .hasMessage("invalid character '\\x01' in string literal");
  }
}
