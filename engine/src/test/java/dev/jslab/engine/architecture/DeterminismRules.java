package dev.jslab.engine.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The engine's determinism contract as ArchUnit rules: its state machines take time, randomness
 * and threads only from what is injected (DESIGN principle 1).
 */
final class DeterminismRules {
  private DeterminismRules() {}

  static ArchRule noWallClock() {
    return noClasses()
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(Instant.class, "now")
        .orShould()
        .callMethod(LocalDateTime.class, "now")
        .orShould()
        .callMethod(OffsetDateTime.class, "now")
        .orShould()
        .callMethod(ZonedDateTime.class, "now")
        .orShould()
        .callMethod(Clock.class, "systemUTC")
        .orShould()
        .callMethod(Clock.class, "systemDefaultZone")
        .orShould()
        .callMethod(Clock.class, "system", java.time.ZoneId.class)
        .orShould()
        .callConstructor(java.util.Date.class)
        .because("time comes from the injected clock, so a simulator seed replays exactly");
  }

  static ArchRule noUnseededRandomness() {
    return noClasses()
        .should()
        .callConstructor(Random.class)
        .orShould()
        .callConstructor(SecureRandom.class)
        .orShould()
        .callMethod(Math.class, "random")
        .orShould()
        .callMethod(ThreadLocalRandom.class, "current")
        .orShould()
        .callMethod(UUID.class, "randomUUID")
        .orShould()
        .callConstructor(java.util.SplittableRandom.class)
        .orShould()
        .callMethod(java.util.random.RandomGenerator.class, "getDefault")
        .because("every random choice derives from the injected seed");
  }

  static ArchRule noSleepsOrThreads() {
    return noClasses()
        .should()
        .callMethod(Thread.class, "sleep", long.class)
        .orShould()
        .callMethod(Thread.class, "sleep", long.class, int.class)
        .orShould()
        .callConstructorWhere(
            com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                    com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo(
                        Thread.class))))
        .orShould()
        .callMethod(java.util.concurrent.TimeUnit.class, "sleep", long.class)
        .orShould()
        .accessClassesThat()
        .belongToAnyOf(Executors.class, java.util.Timer.class, java.util.concurrent.ForkJoinPool.class)
        .orShould()
        .callMethod(CompletableFuture.class, "runAsync", Runnable.class)
        .orShould()
        .callMethod(CompletableFuture.class, "supplyAsync", java.util.function.Supplier.class)
        .because("a node's state is confined to the executor its host gives it");
  }
}
