/**
 * The embedded PostgreSQL default when no database is configured, and what the logs say about the database in use.
 */
@ApplicationModule(
        displayName = "Database",
        allowedDependencies = {})
package com.speedmatch.database;

import org.springframework.modulith.ApplicationModule;
