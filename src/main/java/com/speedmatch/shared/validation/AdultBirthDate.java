package com.speedmatch.shared.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.LocalDate;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A birth date of someone at least {@link #MINIMUM_AGE} and at most {@link #MAXIMUM_AGE} years old
 * today, by the application's {@link Clock} (Spring builds the validator, so tests move the clock).
 */
@Documented
@Constraint(validatedBy = AdultBirthDate.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface AdultBirthDate {

    int MINIMUM_AGE = 18;
    int MAXIMUM_AGE = 120;

    String message() default "you must be at least " + MINIMUM_AGE + " years old";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<AdultBirthDate, LocalDate> {

        private final Clock clock;

        @Autowired
        public Validator(Clock clock) {
            this.clock = clock;
        }

        @Override
        public boolean isValid(LocalDate birthDate, ConstraintValidatorContext context) {
            if (birthDate == null) {
                return true;
            }
            LocalDate today = LocalDate.now(clock);
            if (birthDate.isAfter(today.minusYears(MINIMUM_AGE))) {
                return false;
            }
            if (birthDate.isBefore(today.minusYears(MAXIMUM_AGE))) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate("must be within the last " + MAXIMUM_AGE + " years")
                        .addConstraintViolation();
                return false;
            }
            return true;
        }
    }
}
