package dev.jslab.engine.store.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.jetstream.StreamRecord;
import dev.jslab.engine.jetstream.StreamTemplateConfig;
import dev.jslab.engine.stream.StreamConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbStreamCatalogTest {
  @TempDir Path dir;

  private static StreamRecord record(String name, long created) {
    return new StreamRecord(StreamConfig.builder(name).subjects(name.toLowerCase() + ".>").maxMsgs(5).build(), created);
  }

  @Test
  void syncedStreamsComeBackInCreationOrderAfterReopen() {
    MapDbStreamCatalog catalog = MapDbStreamCatalog.open(dir);
    catalog.save(record("ZED", 1));
    catalog.save(record("ALPHA", 2));
    catalog.save(record("ZED", 1)); // an update keeps its place
    catalog.sync();
    catalog.close();
    try (MapDbStreamCatalog again = MapDbStreamCatalog.open(dir)) {
      assertThat(again.load()).containsExactly(record("ZED", 1), record("ALPHA", 2));
    }
  }

  @Test
  void aCrashLosesWhatWasNotSynced() {
    MapDbStreamCatalog catalog = MapDbStreamCatalog.open(dir);
    catalog.save(record("KEPT", 1));
    catalog.sync();
    catalog.save(record("LOST", 2));
    catalog.remove("KEPT");
    catalog.crash();
    try (MapDbStreamCatalog again = MapDbStreamCatalog.open(dir)) {
      assertThat(again.load()).containsExactly(record("KEPT", 1));
    }
  }

  @Test
  void templatesAreKeptWithTheirLimits() {
    MapDbStreamCatalog catalog = MapDbStreamCatalog.open(dir);
    StreamTemplateConfig t = new StreamTemplateConfig("T", StreamConfig.builder("_").subjects("t.*").build(), 4);
    catalog.saveTemplate(t);
    catalog.close();
    try (MapDbStreamCatalog again = MapDbStreamCatalog.open(dir)) {
      assertThat(again.loadTemplates()).containsExactly(t);
      again.removeTemplate("T");
      assertThat(again.loadTemplates()).isEmpty();
    }
  }
}
