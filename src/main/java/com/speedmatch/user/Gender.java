package com.speedmatch.user;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.speedmatch.shared.LowercaseEnumConverter;
import jakarta.persistence.Converter;
import java.util.Locale;

public enum Gender {
    @JsonProperty("woman")
    WOMAN,
    @JsonProperty("man")
    MAN,
    @JsonProperty("nonbinary")
    NONBINARY;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Gender fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    @Converter(autoApply = true)
    static class JpaConverter extends LowercaseEnumConverter<Gender> {
        JpaConverter() {
            super(Gender.class);
        }
    }
}
