package com.speedmatch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.data.repository.Repository;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The layering rules of docs/architecture.md that say more than the modules do (those, their declared
 * dependencies and the absence of cycles are {@link ModulesTests}').
 */
class ArchitectureTests {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.speedmatch");

    @Test
    void controllersUseServicesNotRepositories() {
        noClasses()
                .that()
                .areAnnotatedWith(RestController.class)
                .should()
                .dependOnClassesThat()
                .areAssignableTo(Repository.class)
                .orShould()
                .dependOnClassesThat()
                .areAnnotatedWith(org.springframework.stereotype.Repository.class)
                .check(CLASSES);
    }

    @Test
    void repositoriesDoNotReachUpIntoServicesOrControllers() {
        noClasses()
                .that()
                .areAssignableTo(Repository.class)
                .or()
                .areAnnotatedWith(org.springframework.stereotype.Repository.class)
                .should()
                .dependOnClassesThat()
                .areAnnotatedWith(Service.class)
                .orShould()
                .dependOnClassesThat()
                .areAnnotatedWith(RestController.class)
                .check(CLASSES);
    }

    @Test
    void aFeatureUsesAnotherOnlyThroughItsPublicServiceAndRecords() {
        for (String feature : new String[] {
            "auth",
            "user",
            "pool",
            "matchmaker",
            "date",
            "email",
            "push",
            "socket",
            "runtime",
            "call",
            "signaling",
            "match",
            "rating",
            "safety",
            "moderation",
            "account",
            "feed",
            "limits",
            "longpoll",
            "cluster",
            "web"
        }) {
            noClasses()
                    .that()
                    .resideOutsideOfPackage("com.speedmatch." + feature + "..")
                    .should()
                    .dependOnClassesThat(DescribedPredicate.describe(
                            "repositories of " + feature,
                            c -> (c.getPackageName().equals("com.speedmatch." + feature)
                                            || c.getPackageName().startsWith("com.speedmatch." + feature + "."))
                                    && (c.isAssignableTo(Repository.class)
                                            || c.isAnnotatedWith(org.springframework.stereotype.Repository.class))))
                    .check(CLASSES);
        }
    }

    @Test
    void theMatchmakerIsPure() {
        noClasses()
                .that()
                .haveSimpleNameStartingWith("Matchmaker")
                .and()
                .haveSimpleNameNotEndingWith("Runner")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "jakarta.persistence..", "java.sql..")
                .check(CLASSES);
    }

    /**
     * Services speak the domain (not found, conflict, refused, limited, unavailable); only the web
     * module and the controllers decide what that is in HTTP.
     */
    @Test
    void nothingBelowTheControllersSpeaksHttp() {
        noClasses()
                .that()
                .resideOutsideOfPackage("com.speedmatch.web..")
                .and()
                .areNotAnnotatedWith(RestController.class)
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(
                        HttpStatus.class, HttpStatusCode.class, ResponseEntity.class, ResponseStatusException.class)
                .check(CLASSES);
    }
}
