package com.speedmatch.auth.internal;

import com.speedmatch.shared.CurrentUser;
import com.speedmatch.shared.DependencyFailures;
import com.speedmatch.shared.DomainException;
import com.speedmatch.shared.Unauthenticated;
import com.speedmatch.shared.Unavailable;
import com.speedmatch.user.AccountStates;
import com.speedmatch.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
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
        Optional<JwtService.Verified> verified =
                jwt.verifyAccessToken(header.substring(PREFIX.length()).trim());
        if (verified.isEmpty()) {
            problems.write(
                    response,
                    new Unauthenticated("The access token is invalid or expired; refresh it or sign in again"));
            return;
        }
        // A closed, banned or suspended account, or a token of an earlier generation (a password reset).
        Optional<DomainException> refused;
        try {
            refused = accounts.refusal(verified.get().userId(), verified.get().generation());
        } catch (RuntimeException e) {
            if (!DependencyFailures.isUnavailable(e)) {
                throw e;
            }
            problems.write(
                    response,
                    new Unavailable(
                            "Service unavailable",
                            "The service cannot reach its database right now. Retry shortly",
                            Duration.ofSeconds(5)));
            return;
        }
        if (refused.isPresent()) {
            problems.write(response, refused.get());
            return;
        }
        var authentication = new UsernamePasswordAuthenticationToken(
                new CurrentUser(verified.get().userId(), verified.get().signIn()),
                null,
                List.of(new SimpleGrantedAuthority("ROLE_USER")));
        SecurityContextHolder.getContext().setAuthentication(authentication);
        chain.doFilter(request, response);
    }
}
