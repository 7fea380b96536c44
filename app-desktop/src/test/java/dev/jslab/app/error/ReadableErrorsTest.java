package dev.jslab.app.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Readable one-line reasons and full details from exceptions. */
class ReadableErrorsTest {

  @Test
  void reasonLooksThroughFutureWrappers() {
    CompletableFuture<Void> failed =
        CompletableFuture.failedFuture(new IllegalStateException("cluster is closed"));
    Throwable wrapped = failed.thenApply(v -> v).handle((v, e) -> e).join();

    assertThat(wrapped).isInstanceOf(CompletionException.class);
    assertThat(ReadableErrors.reason(wrapped)).isEqualTo("cluster is closed");
    assertThat(ReadableErrors.reason(new ExecutionException(new RuntimeException(" disk full\n"))))
        .isEqualTo("disk full");
  }

  @Test
  void reasonOfAnExceptionWithoutMessageNamesItsType() {
    assertThat(ReadableErrors.reason(new NullPointerException()))
        .isEqualTo("unexpected NullPointerException");
  }

  @Test
  void detailsHoldTheStackTraceWithTheCause() {
    Exception error = new IllegalStateException("outer", new IllegalArgumentException("inner"));

    assertThat(ReadableErrors.details(error))
        .contains("java.lang.IllegalStateException: outer")
        .contains("Caused by: java.lang.IllegalArgumentException: inner")
        .contains("ReadableErrorsTest.detailsHoldTheStackTraceWithTheCause");
  }
}
