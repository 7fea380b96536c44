package dev.jslab.engine.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine's place in the dependency direction, and its determinism, as tests. */
class EngineArchitectureTest {
  private static JavaClasses engine;
  private static JavaClasses fixtures;

  @BeforeAll
  static void importClasses() {
    engine =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.jslab.engine");
    fixtures = new ClassFileImporter().importPackages("dev.jslab.engine.architecture.fixtures");
  }

  @Test
  void engineClassesAreImported() {
    assertThat(engine.containPackage("dev.jslab.engine.node")).isTrue();
  }

  @Test
  void engineSeesNeitherJavaFxNorTheSimulatorNorTheApp() {
    ArchRule rule =
        noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("javafx..", "dev.jslab.local..", "dev.jslab.app..")
            .because("dependencies point one way: engine <- local-cluster <- app-desktop");
    rule.check(engine);
  }

  @Test
  void engineNeverReadsTheWallClock() {
    DeterminismRules.noWallClock().check(engine);
  }

  @Test
  void engineNeverUsesUnseededRandomness() {
    DeterminismRules.noUnseededRandomness().check(engine);
  }

  @Test
  void engineNeverSleepsOrStartsThreads() {
    DeterminismRules.noSleepsOrThreads().check(engine);
  }

  @Test
  void determinismRulesCatchAWallClockRead() {
    EvaluationResult result = DeterminismRules.noWallClock().evaluate(fixtures);
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(line -> line.contains("ReadsTheWallClock") && line.contains("currentTimeMillis"));
  }

  @Test
  void determinismRulesCatchUnseededRandom() {
    EvaluationResult result = DeterminismRules.noUnseededRandomness().evaluate(fixtures);
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(line -> line.contains("UsesUnseededRandom"));
  }

  @Test
  void determinismRulesCatchSleepsAndNewThreads() {
    EvaluationResult result = DeterminismRules.noSleepsOrThreads().evaluate(fixtures);
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(line -> line.contains("Thread.sleep"))
        .anyMatch(line -> line.contains("Thread.<init>"));
  }
}
