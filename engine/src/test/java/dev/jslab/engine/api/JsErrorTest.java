package dev.jslab.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JsErrorTest {
  @Test
  void catalogCarriesNatsServerCodesAndDescriptions() {
    assertThat(JsError.STREAM_NOT_FOUND.error()).isEqualTo(new ApiError(404, 10059, "stream not found"));
    assertThat(JsError.CONSUMER_NOT_FOUND.error()).isEqualTo(new ApiError(404, 10014, "consumer not found"));
    assertThat(JsError.CLUSTER_NOT_AVAIL.error())
        .isEqualTo(new ApiError(503, 10008, "JetStream system temporarily unavailable"));
  }

  @Test
  void placeholdersAreFilledByName() {
    assertThat(JsError.STREAM_WRONG_LAST_SEQUENCE.with("seq", "41"))
        .isEqualTo(new ApiError(400, 10071, "wrong last sequence: 41"));
    assertThat(JsError.STREAM_STORE_FAILED.withError("maximum messages exceeded"))
        .isEqualTo(new ApiError(503, 10077, "maximum messages exceeded"));
  }

  @Test
  void everyErrCodeIsUniqueAndFindable() {
    assertThat(Arrays.stream(JsError.values()).map(JsError::errCode).distinct().count())
        .isEqualTo(JsError.values().length);
    assertThat(JsError.byErrCode(10043)).isEqualTo(JsError.SEQUENCE_NOT_FOUND);
    assertThat(JsError.byErrCode(1)).isNull();
  }

  @Test
  void placeholderPairsMustBeComplete() {
    assertThatThrownBy(() -> JsError.SEQUENCE_NOT_FOUND.with("seq"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
