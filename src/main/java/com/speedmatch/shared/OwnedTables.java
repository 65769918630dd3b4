package com.speedmatch.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The tables a module owns, on its {@code package-info}: only its code writes them, and what
 * another module's SQL reads of them is declared there with {@link ReadModel}. Every table has
 * exactly one owner ({@code TableOwnershipTests}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PACKAGE)
public @interface OwnedTables {

    String[] value();
}
