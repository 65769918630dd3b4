package com.speedmatch.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A class whose SQL reads tables another module owns, on purpose: a hot-path read done in one
 * statement, where asking the owner through its API would cost a round trip per request. Another
 * module's table is never written: only through its owner's API. Every such table is named here, with the reason; SQL that touches an
 * undeclared foreign table, or a declaration nothing uses, fails {@code TableOwnershipTests}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ReadModel {

    /** Other modules' tables this class's SQL reads (FROM, JOIN). */
    String[] reads() default {};

    /** Why one statement across modules beats asking the owner. */
    String why();
}
