package com.speedmatch.auth;

import com.speedmatch.platform.ApiException;
import com.speedmatch.platform.CurrentUser;
import com.speedmatch.platform.DependencyFailures;
import com.speedmatch.user.AccountStates;
import com.speedmatch.platform.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Reads {@code Authorization: Bearer}; a presented token that does not verify is a 401 at once. */
class JwtAuthenticationFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final JwtService jwt;
    private final AccountStates accounts;
    private final ProblemWriter problems;

    JwtAuthenticationFilter(JwtService jwt, AccountStates accounts, ProblemWriter problems) {
        this.jwt = jwt;
        this.accounts = accounts;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            chain.doFilter(request, response);
            return;
        }
        Optional<JwtService.Verified> verified = jwt.verifyAccessToken(header.substring(PREFIX.length()).trim());
        if (verified.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            problems.write(response, HttpStatus.UNAUTHORIZED, "Unauthorized",
                    "The access token is invalid or expired; refresh it or sign in again");
            return;
        }
        // A closed, banned or suspended account, or a token from before "sign out everywhere".
        Optional<ApiException> refused;
        try {
            refused = accounts.refusal(verified.get().userId(), verified.get().issuedAt());
        } catch (RuntimeException e) {
            if (!DependencyFailures.isUnavailable(e)) {
                throw e;
            }
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                    "The service cannot reach its database right now. Retry shortly");
            return;
        }
        if (refused.isPresent()) {
            if (refused.get().getStatus() == HttpStatus.UNAUTHORIZED) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            }
            problems.write(response, refused.get().getStatus(), refused.get().getTitle(), refused.get().getMessage());
            return;
        }
        var authentication = new UsernamePasswordAuthenticationToken(new CurrentUser(verified.get().userId()), null,
                List.of(new SimpleGrantedAuthority("ROLE_USER")));
        SecurityContextHolder.getContext().setAuthentication(authentication);
        chain.doFilter(request, response);
    }
}
