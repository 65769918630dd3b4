package com.speedmatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The modules of docs/architecture.md, as Spring Modulith reads them: each top-level package is
 * one, it uses only the modules it declares, only through their API (never an {@code internal}
 * package), and no two depend on each other. The documentation it generates, with each module's
 * published events, is written to {@code target/} and must match what is committed under
 * {@code docs/modules}.
 */
class ModulesTests {

    static final ApplicationModules MODULES = ApplicationModules.of(Application.class);
    static final Path COMMITTED = Path.of("docs/modules");
    static final Path GENERATED = Path.of("target/modulith-docs");

    @Test
    void modulesUseOnlyWhatTheyDeclare() {
        MODULES.verify();
    }

    @Test
    void theCommittedModuleDocsAreTheGeneratedOnes() throws IOException {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(GENERATED.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases()
                .writeAggregatingDocument();

        String refresh = "the module docs changed: copy " + GENERATED + " over " + COMMITTED + " and commit them";
        assertThat(names(COMMITTED)).as(refresh).isEqualTo(names(GENERATED));
        for (String name : names(GENERATED)) {
            assertThat(lines(COMMITTED.resolve(name)))
                    .as(refresh + " (" + name + ")")
                    .isEqualTo(lines(GENERATED.resolve(name)));
        }
    }

    /**
     * Modulith writes some relations and list items in no fixed order: what counts is which lines
     * there are (a table cell's first item starts with its {@code |}).
     */
    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .map(line -> line.startsWith("|* ") ? line.substring(1) : line)
                .sorted()
                .toList();
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
