package com.speedmatch.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.signaling.internal.TurnCredentials;
import org.junit.jupiter.api.Test;

class TurnCredentialsTests {

    @Test
    void credentialIsBase64HmacSha1OfTheUsernameAsCoturnComputesIt() {
        // echo -n "1700000000:opaque" | openssl dgst -sha1 -hmac "north" -binary | base64
        assertThat(TurnCredentials.credentialFor("north", "1700000000:opaque"))
                .isEqualTo("aWPZibHqnj53z22sFa8jN7p7SzY=");
    }

    @Test
    void usernameIsExpiryThenAnOpaqueIdThatIsStablePerUser() {
        var first = TurnCredentials.issue("north", 42, 1_700_000_000L);
        var again = TurnCredentials.issue("north", 42, 1_700_000_000L);
        var other = TurnCredentials.issue("north", 43, 1_700_000_000L);
        assertThat(first.username())
                .startsWith("1700000000:")
                .isEqualTo(again.username())
                .isNotEqualTo(other.username());
        assertThat(first.username()).doesNotContain("42");
        assertThat(first.credential()).isEqualTo(TurnCredentials.credentialFor("north", first.username()));
    }
}
