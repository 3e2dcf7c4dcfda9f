package org.baseimg;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/** Holds the line STYLE.md draws: a thin public API over internals. */
class ArchitectureTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.baseimg");

  private static final DescribedPredicate<JavaClass> THIRD_PARTY =
      DescribedPredicate.describe(
          "a third-party type",
          type -> {
            String name = type.getName();
            return name.startsWith("org.apache.")
                || name.startsWith("org.tukaani.")
                || name.startsWith("com.github.")
                || name.startsWith("com.fasterxml.")
                || name.startsWith("com.google.");
          });

  @Test
  void publicApi_carriesOnlyJdkAndBaseimgTypes() {
    methods()
        .that()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .resideOutsideOfPackage("..internal..")
        .and()
        .areDeclaredInClassesThat()
        .arePublic()
        .should(
            new ArchCondition<JavaMethod>("have only JDK and baseimg types in their signature") {
              @Override
              public void check(JavaMethod method, ConditionEvents events) {
                boolean leaks =
                    THIRD_PARTY.test(method.getRawReturnType())
                        || method.getRawParameterTypes().stream().anyMatch(THIRD_PARTY)
                        || method.getRawReturnType().getPackageName().contains(".internal")
                        || method.getRawParameterTypes().stream()
                            .anyMatch(type -> type.getPackageName().contains(".internal"));
                if (leaks) {
                  events.add(
                      SimpleConditionEvent.violated(
                          method, method.getFullName() + " leaks a type"));
                }
              }
            })
        .check(CORE);
  }

  @Test
  void core_dependsOnNeitherTheCommandLineNorYaml() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "picocli..", "com.fasterxml.jackson.dataformat.yaml..", "org.baseimg.cli..")
        .check(CORE);
  }
}
