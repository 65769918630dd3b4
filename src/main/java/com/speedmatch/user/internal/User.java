package com.speedmatch.user.internal;

import com.speedmatch.shared.Emails;
import com.speedmatch.user.Gender;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.NoArgsConstructor;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "users")
@Getter
@NoArgsConstructor(access = AccessLevel.PROTECTED)
public class User {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String email;

    /** The email in its one normal form ({@code Emails.key}): what every lookup compares. */
    @Column(name = "email_key")
    private String emailKey;

    /** Read only: written by {@code UserService.markEmailVerified}. */
    @Column(name = "email_verified_at", insertable = false, updatable = false)
    private Instant emailVerifiedAt;

    /** Read only: raised by a password reset or a closing ({@code AccountLifecycle}) under the row's lock. */
    @Column(name = "token_generation", insertable = false, updatable = false)
    private int tokenGeneration;

    @Column(name = "password_hash")
    private String passwordHash;

    private String name;

    @Column(name = "birth_date")
    private LocalDate birthDate;

    private Gender gender;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "interested_in", columnDefinition = "text[]")
    private List<String> interestedIn = new ArrayList<>();

    private String bio;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    private List<String> interests = new ArrayList<>();

    @Column(name = "created_at")
    private Instant createdAt;

    /** Set by {@code UserService.closeAccount} with the lifecycle columns; read here. */
    @Column(name = "deleted_at", insertable = false, updatable = false)
    private Instant deletedAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    public User(
            String email,
            String passwordHash,
            String name,
            LocalDate birthDate,
            Gender gender,
            List<Gender> interestedIn,
            String bio,
            List<String> interests,
            Instant now) {
        this.email = email;
        this.emailKey = Emails.key(email);
        this.passwordHash = passwordHash;
        this.name = name;
        this.birthDate = birthDate;
        this.gender = gender;
        this.interestedIn = codes(interestedIn);
        this.bio = bio;
        this.interests = new ArrayList<>(interests);
        this.createdAt = now;
        this.updatedAt = now;
    }

    /**
     * Closes the account: the row stays (reports and moderation decisions point at it), the person
     * does not. Email, name, birth date, gender, whom they were interested in, bio and interests
     * are erased; the password can never match.
     */
    public void close(Instant now) {
        this.email = "closed-" + id + "@" + Emails.RESERVED_DOMAIN;
        this.emailKey = this.email;
        this.gender = null;
        this.interestedIn = new ArrayList<>();
        this.passwordHash = "{closed}";
        this.name = "Deleted user";
        this.birthDate = LocalDate.of(1900, 1, 1);
        this.bio = null;
        this.interests = new ArrayList<>();
        this.updatedAt = now;
    }

    public int ageOn(LocalDate day) {
        return Period.between(birthDate, day).getYears();
    }

    public List<Gender> interestedInGenders() {
        return interestedIn.stream().map(Gender::fromCode).toList();
    }

    public void rename(String name, Instant now) {
        this.name = name;
        this.updatedAt = now;
    }

    public void describe(String bio, Instant now) {
        this.bio = bio;
        this.updatedAt = now;
    }

    public void changeInterests(List<String> interests, Instant now) {
        this.interests = new ArrayList<>(interests);
        this.updatedAt = now;
    }

    public void changeGender(Gender gender, Instant now) {
        this.gender = gender;
        this.updatedAt = now;
    }

    public void changeInterestedIn(List<Gender> genders, Instant now) {
        this.interestedIn = codes(genders);
        this.updatedAt = now;
    }

    private static List<String> codes(List<Gender> genders) {
        return new ArrayList<>(genders.stream().distinct().map(Gender::code).toList());
    }
}
