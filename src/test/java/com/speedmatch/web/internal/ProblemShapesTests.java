package com.speedmatch.web.internal;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.speedmatch.shared.Conflict;
import com.speedmatch.shared.Limited;
import com.speedmatch.shared.NotFound;
import jakarta.servlet.Filter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web layer alone (a slice, no database): every failure a client can cause or meet comes back
 * as application/problem+json with a status, a title and a detail it can act on.
 */
@WebMvcTest(
        controllers = ProblemShapesTests.Probe.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = Filter.class))
@AutoConfigureMockMvc(addFilters = false)
@Import({ProblemShapesTests.Probe.class, StrictJsonConfig.class})
class ProblemShapesTests {

    record Profile(@NotBlank String name, @Min(18) @Max(120) int age) {}

    @RestController
    @Validated
    static class Probe {

        @GetMapping("/probe/match/{id}")
        String match(@PathVariable long id) {
            throw new NotFound("Match not found", "No match " + id + " of yours");
        }

        @PostMapping("/probe/decide")
        String decide() {
            throw new Conflict("Already decided", "You decided on this date already");
        }

        @PostMapping("/probe/report")
        String report() {
            throw new Limited("Too many reports", "Try again later", Duration.ofSeconds(5));
        }

        @PostMapping("/probe/profile")
        String profile(@Valid @RequestBody Profile profile) {
            return "ok";
        }

        @GetMapping("/probe/wait")
        String waitFor(@RequestParam @Min(0) @Max(25) int wait) {
            return "ok";
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void anotherUsersObjectIsA404Problem() throws Exception {
        mvc.perform(get("/probe/match/42"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Match not found"))
                .andExpect(jsonPath("$.detail").value("No match 42 of yours"));
    }

    @Test
    void aConflictIsA409Problem() throws Exception {
        mvc.perform(post("/probe/decide"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Already decided"));
    }

    @Test
    void aLimitIsA429ProblemThatSaysWhenToComeBack() throws Exception {
        mvc.perform(post("/probe/report"))
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("Retry-After", "5"));
    }

    @Test
    void invalidFieldsAreA400ProblemListingEachField() throws Exception {
        mvc.perform(post("/probe/profile")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"\",\"age\":12}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.containsInAnyOrder("age", "name")));
    }

    @Test
    void malformedJsonAndAFractionForAWholeNumberAreA400Problem() throws Exception {
        mvc.perform(post("/probe/profile")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").isNotEmpty());
        mvc.perform(post("/probe/profile")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Anna\",\"age\":25.7}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aParameterOutOfRangeOrOfTheWrongTypeIsA400Problem() throws Exception {
        mvc.perform(get("/probe/wait").param("wait", "90"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/probe/wait").param("wait", "soon"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/probe/match/abc"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aWrongMethodOrMediaTypeIsAProblemToo() throws Exception {
        mvc.perform(get("/probe/decide"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/probe/profile").contentType(MediaType.TEXT_PLAIN).content("hi"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
