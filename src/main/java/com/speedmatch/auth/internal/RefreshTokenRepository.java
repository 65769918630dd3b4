package com.speedmatch.auth.internal;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface RefreshTokenRepository extends JpaRepository<RefreshToken, Long> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select t from RefreshToken t where t.tokenHash = :hash")
    Optional<RefreshToken> findForUpdate(String hash);

    /** Whose token this is, without loading (or locking) it: the account's row is locked first. */
    @Query("select t.userId from RefreshToken t where t.tokenHash = :hash")
    Optional<Long> ownerOf(String hash);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update RefreshToken t set t.revokedAt = :now where t.familyId = :family and t.revokedAt is null")
    int revokeFamily(UUID family, Instant now);

    @Modifying
    @Query("update RefreshToken t set t.revokedAt = :now where t.userId = :userId and t.revokedAt is null")
    int revokeAllOf(long userId, Instant now);

    /** The user's live sign-ins (families with a token neither revoked nor expired), oldest first. */
    @Query(value = """
            select family_id from refresh_tokens
            where user_id = :userId and revoked_at is null and expires_at > :now
            group by family_id order by min(created_at), family_id
            """, nativeQuery = true)
    List<UUID> liveSignIns(long userId, Instant now);

    /** Rows no sign-in needs any more: expired, or revoked a day ago (a replay of one is unknown either way). */
    @Modifying
    @Query(value = """
            delete from refresh_tokens where id in (
              select id from refresh_tokens where expires_at < :now or revoked_at < :revokedBefore limit :batch)
            """, nativeQuery = true)
    int deleteSpent(Instant now, Instant revokedBefore, int batch);
}
