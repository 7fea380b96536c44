package dev.jslab.local.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** local-cluster's place in the dependency direction: it sees the engine, never JavaFX or the app. */
class LocalClusterArchitectureTest {
  private static final JavaClasses LOCAL =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.jslab.local");

  @Test
  void localClusterClassesAreImported() {
    assertThat(LOCAL.containPackage("dev.jslab.local.cluster")).isTrue();
  }

  @Test
  void localClusterSeesNeitherJavaFxNorTheApp() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("javafx..", "dev.jslab.app..")
        .because("dependencies point one way: engine <- local-cluster <- app-desktop")
        .check(LOCAL);
  }
}
