package ai.puyu;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine is plain Java: it knows nothing of Spring, HTTP or the rest of Puyu. */
class ArchitectureTests {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("ai.puyu");
    }

    @Test
    void engineDoesNotDependOnSpring() {
        noClasses().that().resideInAPackage("ai.puyu.engine..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .check(classes);
    }

    @Test
    void engineDependsOnNoOtherPuyuPackage() {
        noClasses().that().resideInAPackage("ai.puyu.engine..")
                .should().dependOnClassesThat(
                        com.tngtech.archunit.base.DescribedPredicate.describe("Puyu classes outside ai.puyu.engine",
                                c -> c.getPackageName().startsWith("ai.puyu")
                                        && !c.getPackageName().startsWith("ai.puyu.engine")))
                .check(classes);
    }
}
