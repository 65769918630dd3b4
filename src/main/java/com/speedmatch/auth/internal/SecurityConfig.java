package com.speedmatch.auth.internal;

import com.speedmatch.shared.Refused;
import com.speedmatch.shared.Unauthenticated;
import com.speedmatch.user.AccountStates;
import com.speedmatch.web.CorsProperties;
import com.speedmatch.web.ProblemWriter;
import jakarta.servlet.DispatcherType;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    private static final String[] PUBLIC_GET = {
        "/",
        "/index.html",
        "/favicon.ico",
        "/*.js",
        "/*.css",
        "/js/**",
        "/css/**",
        "/actuator/health",
        "/actuator/health/**",
        "/actuator/info",
        "/v3/api-docs",
        "/v3/api-docs/**",
        "/swagger-ui.html",
        "/swagger-ui/**",
        "/error"
    };

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /** Camera and microphone for this origin only (the call); nothing else a page could ask for. */
    static final String PERMISSIONS_POLICY =
            "camera=(self), microphone=(self), display-capture=(), geolocation=(), " + "payment=(), usb=()";

    @Bean
    SecurityFilterChain api(
            HttpSecurity http,
            JwtService jwt,
            AccountStates accounts,
            ProblemWriter problems,
            @Value("${operations.metrics-allowed-networks}") String metricsNetworks)
            throws Exception {
        List<IpAddressMatcher> operators = Arrays.stream(metricsNetworks.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(IpAddressMatcher::new)
                .toList();
        http.csrf(AbstractHttpConfigurer::disable)
                .cors(cors -> {})
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers
                        // The reference client is plain modules from this origin: nothing else may run,
                        // load or be framed. Swagger UI, which inlines its styles, is left out.
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                new NegatedRequestMatcher(
                                        PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**")),
                                new StaticHeadersWriter("Content-Security-Policy", CONTENT_SECURITY_POLICY)))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", PERMISSIONS_POLICY)))
                .authorizeHttpRequests(auth -> auth
                        // A long-poll's answer is dispatched again; the request itself was authorized already.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(HttpMethod.OPTIONS, "/**")
                        .permitAll()
                        .requestMatchers(
                                HttpMethod.POST,
                                "/api/auth/register",
                                "/api/auth/login",
                                "/api/auth/refresh",
                                "/api/auth/password-reset",
                                "/api/auth/password-reset/confirm",
                                "/api/auth/verify-email")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, PUBLIC_GET)
                        .permitAll()
                        // The feed's WebSocket authenticates with its first frame: a browser cannot set
                        // headers on an upgrade, and a token in the URL would land in access logs.
                        .requestMatchers(HttpMethod.GET, "/api/events/ws")
                        .permitAll()
                        // Scrapes come from the operators' networks only (operations.metrics-allowed-networks).
                        .requestMatchers("/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/**")
                        .access((authentication, context) -> new AuthorizationDecision(
                                operators.stream().anyMatch(m -> m.matches(context.getRequest()))))
                        .requestMatchers("/actuator/**")
                        .denyAll()
                        .anyRequest()
                        .authenticated())
                .exceptionHandling(ex -> ex.authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Bearer");
                            problems.write(
                                    response,
                                    new Unauthenticated(
                                            "Sign in and send the access token as 'Authorization: Bearer <token>'"));
                        })
                        .accessDeniedHandler((request, response, e) ->
                                problems.write(response, new Refused("Forbidden", "You may not use this resource"))))
                .addFilterBefore(
                        new JwtAuthenticationFilter(jwt, accounts, problems),
                        UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    CorsConfigurationSource corsConfigurationSource(CorsProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!properties.origins().isEmpty()) {
            CorsConfiguration config = new CorsConfiguration();
            config.setAllowedOrigins(properties.origins());
            config.setAllowedMethods(List.of("GET", "POST", "PATCH", "DELETE", "OPTIONS"));
            config.setAllowedHeaders(List.of("Authorization", "Content-Type"));
            config.setExposedHeaders(List.of("Retry-After", "WWW-Authenticate"));
            config.setMaxAge(3600L);
            source.registerCorsConfiguration("/api/**", config);
        }
        return source;
    }

    /** bcrypt (cost 10) behind a DelegatingPasswordEncoder, so stored hashes can be upgraded later. */
    /**
     * No Micrometer observations of Spring Security's own steps (each filter of the chain, the
     * authentication, the authorization): a flight recording of the load run found them, with the
     * timers and long-task timers they keep, in 5% of the app's CPU samples and most of Micrometer's
     * 17%. Requests are still timed, once each ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
