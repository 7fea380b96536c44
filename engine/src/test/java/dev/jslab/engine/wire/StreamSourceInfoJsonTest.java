package dev.jslab.engine.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.api.JsError;
import dev.jslab.engine.sourcing.StreamSourceInfo;
import dev.jslab.engine.stream.ExternalStream;
import dev.jslab.engine.stream.SubjectTransform;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamSourceInfoJsonTest {
  private static String json(StreamSourceInfo info) {
    return new String(StreamSourceInfoJson.toJson(info), UTF_8);
  }

  @Test
  void neverHeardFromIsActiveMinusOneAndEmptyFieldsAreLeftOut() {
    assertThat(json(new StreamSourceInfo("O", null, 0, -1, null, "", List.of())))
        .isEqualTo("{\"name\":\"O\",\"lag\":0,\"active\":-1}");
  }

  @Test
  void everyFieldInNatsServersOrder() {
    StreamSourceInfo info = new StreamSourceInfo(
        "O", new ExternalStream("$JS.hub.API", "hub.deliver"), 7, 1_500_000_000L,
        JsError.STREAM_NOT_FOUND.error(), "o.>", List.of(new SubjectTransform("o.*", "m.$1")));
    assertThat(json(info)).isEqualTo(
        "{\"name\":\"O\",\"external\":{\"api\":\"$JS.hub.API\",\"deliver\":\"hub.deliver\"},"
            + "\"lag\":7,\"active\":1500000000,"
            + "\"error\":{\"code\":404,\"err_code\":10059,\"description\":\"stream not found\"},"
            + "\"filter_subject\":\"o.\\u003e\","
            + "\"subject_transforms\":[{\"src\":\"o.*\",\"dest\":\"m.$1\"}]}");
  }
}
