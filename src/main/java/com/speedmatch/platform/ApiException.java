package com.speedmatch.platform;

import java.util.Map;
import lombok.Getter;
import org.springframework.http.HttpStatus;

/**
 * A failure the client can act on: its status, a short title and a detail in words. The problem
 * handler turns it into {@code application/problem+json}; nothing internal is ever in it.
 */
@Getter
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final Map<String, Object> properties;

    public ApiException(HttpStatus status, String title, String detail) {
        this(status, title, detail, Map.of());
    }

    public ApiException(HttpStatus status, String title, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.title = title;
        this.properties = properties;
    }

    public static ApiException notFound(String what, Object id) {
        return new ApiException(HttpStatus.NOT_FOUND, what + " not found", "No " + what.toLowerCase() + " with id " + id);
    }

    public static ApiException conflict(String title, String detail) {
        return new ApiException(HttpStatus.CONFLICT, title, detail);
    }

    public static ApiException badRequest(String title, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, title, detail);
    }

    public static ApiException gone(String title, String detail) {
        return new ApiException(HttpStatus.GONE, title, detail);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "Unauthorized", detail);
    }
}
