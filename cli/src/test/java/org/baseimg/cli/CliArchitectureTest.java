package org.baseimg.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class CliArchitectureTest {

  @Test
  void commandLine_usesOnlyThePublicApiOfTheLibrary() {
    noClasses()
        .that()
        .resideInAPackage("org.baseimg.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.baseimg..internal..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.baseimg.cli"));
  }
}
