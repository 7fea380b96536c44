package dev.jslab.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The explorer talks to the cluster only through local-cluster's API: it never reaches into the
 * engine's insides (storage, nodes, later Raft and stream state machines) or MapDB.
 */
class AppArchitectureTest {
  private static final JavaClasses APP =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.jslab.app");

  @Test
  void appClassesAreImported() {
    assertThat(APP.containPackage("dev.jslab.app.cli")).isTrue();
  }

  @Test
  void appDoesNotReachIntoEngineInternals() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.jslab.engine.node..",
            "dev.jslab.engine.store..",
            "dev.jslab.engine.raft..",
            "dev.jslab.engine.stream..",
            "dev.jslab.engine.consumer..",
            "dev.jslab.engine..internal..",
            "org.mapdb..")
        .because("the UI sees the cluster through local-cluster's snapshots, events and commands")
        .check(APP);
  }

  @Test
  void viewModelsNeverBlockOnClusterFutures() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.jslab.app.cli..")
        .should()
        .callMethod(java.util.concurrent.CompletableFuture.class, "join")
        .orShould()
        .callMethod(java.util.concurrent.CompletableFuture.class, "get")
        .because("the FX thread must never wait for a node")
        .check(APP);
  }
}
