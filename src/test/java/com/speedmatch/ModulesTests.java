package com.speedmatch;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The modules of ARCHITECTURE.md, as Spring Modulith reads them: each top-level package is one,
 * it uses only the modules it declares, only through their API (never an internal package), and no
 * two depend on each other. The documentation it writes is committed under {@code docs/modules}.
 */
class ModulesTests {

    static final ApplicationModules MODULES = ApplicationModules.of(Application.class);

    @Test
    void modulesUseOnlyWhatTheyDeclare() {
        MODULES.verify();
    }

    @Test
    void documentationIsWritten() {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases()
                .writeAggregatingDocument();
    }
}
