/**
 * The web layer: domain refusals and framework errors as problem+json, the contract's error responses, request limits, error pages, strict JSON, CORS.
 */
@ApplicationModule(
        displayName = "Web",
        allowedDependencies = {"shared"})
package com.speedmatch.web;

import org.springframework.modulith.ApplicationModule;
