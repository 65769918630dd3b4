package com.speedmatch.web;

import com.speedmatch.shared.DomainException;
import com.speedmatch.shared.Unauthenticated;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/** Writes a problem from a servlet filter, where the MVC exception handler cannot reach. */
@Component
public class ProblemWriter {

    private final ObjectMapper objectMapper;

    public ProblemWriter(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    /** A domain refusal, with the status and headers the web layer gives it. */
    public void write(HttpServletResponse response, DomainException refusal) throws IOException {
        DomainProblems.headersOf(refusal).forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
        if (refusal instanceof Unauthenticated && !response.containsHeader(HttpHeaders.WWW_AUTHENTICATE)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        }
        write(response, DomainProblems.statusOf(refusal), refusal.title(), refusal.getMessage());
    }

    public void write(HttpServletResponse response, HttpStatus status, String title, String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), problem);
    }
}
