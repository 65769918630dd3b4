package com.speedmatch.user.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface UserRepository extends JpaRepository<User, Long> {

    /** An open account by its email's normal form ({@code Emails.key}). */
    @Query("select u from User u where u.emailKey = :emailKey and u.deletedAt is null")
    Optional<User> findOpenByEmailKey(String emailKey);

    boolean existsByEmailKey(String emailKey);

    List<User> findByIdIn(Collection<Long> ids);
}
