package com.speedmatch.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A class whose SQL reaches into tables another module owns, on purpose: a hot-path read (or, rarer,
 * a presence write) done in one statement, where asking the owner through its API would cost a
 * round trip per request. Every such table is named here, with the reason; SQL that touches an
 * undeclared foreign table, or a declaration nothing uses, fails {@code TableOwnershipTests}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ReadModel {

    /** Other modules' tables this class's SQL reads (FROM, JOIN). */
    String[] reads() default {};

    /** Other modules' tables this class's SQL writes (UPDATE): kept to one statement on a hot path. */
    String[] writes() default {};

    /** Why one statement across modules beats asking the owner. */
    String why();
}
