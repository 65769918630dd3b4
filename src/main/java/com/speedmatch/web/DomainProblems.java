package com.speedmatch.web;

import com.speedmatch.shared.Conflict;
import com.speedmatch.shared.DomainException;
import com.speedmatch.shared.Gone;
import com.speedmatch.shared.Invalid;
import com.speedmatch.shared.Limited;
import com.speedmatch.shared.NotFound;
import com.speedmatch.shared.Refused;
import com.speedmatch.shared.TooLarge;
import com.speedmatch.shared.Unauthenticated;
import com.speedmatch.shared.Unavailable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** The one mapping from the domain's refusals to HTTP: a status, the problem, its headers. */
public final class DomainProblems {

    private DomainProblems() {}

    /** Java 17 has no pattern switch; the domain kinds are sealed, so this list is complete. */
    public static HttpStatus statusOf(DomainException e) {
        if (e instanceof Invalid) {
            return HttpStatus.BAD_REQUEST;
        } else if (e instanceof Unauthenticated) {
            return HttpStatus.UNAUTHORIZED;
        } else if (e instanceof Refused) {
            return HttpStatus.FORBIDDEN;
        } else if (e instanceof NotFound) {
            return HttpStatus.NOT_FOUND;
        } else if (e instanceof Conflict) {
            return HttpStatus.CONFLICT;
        } else if (e instanceof Gone) {
            return HttpStatus.GONE;
        } else if (e instanceof TooLarge) {
            return HttpStatus.CONTENT_TOO_LARGE;
        } else if (e instanceof Limited) {
            return HttpStatus.TOO_MANY_REQUESTS;
        }
        return HttpStatus.SERVICE_UNAVAILABLE;
    }

    /** The status as a number, for a channel that carries it without HTTP (the feed's WebSocket). */
    public static int statusCodeOf(DomainException e) {
        return statusOf(e).value();
    }

    /** Seconds to wait before trying again, for a limit or an outage; null for anything else. */
    public static Long retryAfterOf(DomainException e) {
        String value = headersOf(e).getFirst(HttpHeaders.RETRY_AFTER);
        return value == null ? null : Long.valueOf(value);
    }

    public static ProblemDetail problemOf(DomainException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(statusOf(e), e.getMessage());
        problem.setTitle(e.title());
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    /** Retry-After for a limit or an outage; WWW-Authenticate for a token that no longer holds. */
    public static HttpHeaders headersOf(DomainException e) {
        HttpHeaders headers = new HttpHeaders();
        if (e instanceof Limited limited) {
            headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(limited.retryAfterSeconds()));
        } else if (e instanceof Unavailable unavailable) {
            headers.set(
                    HttpHeaders.RETRY_AFTER,
                    String.valueOf(Math.max(1, unavailable.retryAfter().toSeconds())));
        }
        return headers;
    }
}
