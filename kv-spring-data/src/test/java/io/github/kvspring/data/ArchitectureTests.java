package io.github.kvspring.data;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The one-way dependencies of DESIGN.md: listener and repository build on core; core never imports them; the
 * data module knows nothing of Spring Boot or of the test and server support.
 */
class ArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.kvspring.data");

	@Test
	void coreDependsOnNeitherRepositoriesNorListenersNorMapping() {
		noClasses().that().resideInAPackage("io.github.kvspring.data.core..")
			.should().dependOnClassesThat()
			.resideInAnyPackage("io.github.kvspring.data.repository..", "io.github.kvspring.data.listener..",
					"io.github.kvspring.data.mapping..")
			.check(classes);
	}

	@Test
	void dataModuleKnowsNothingOfBootOrTestSupport() {
		noClasses().should().dependOnClassesThat()
			.resideInAnyPackage("org.springframework.boot..", "io.github.kvspring.autoconfigure..",
					"io.github.kvspring.test..", "io.github.kvspring.server..")
			.check(classes);
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("io.github.kvspring.data.(*)..").should().beFreeOfCycles().allowEmptyShould(true)
			.check(classes);
	}

}
