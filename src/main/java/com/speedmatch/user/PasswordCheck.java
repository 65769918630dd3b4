package com.speedmatch.user;

/**
 * Checks an account owner's password for a step that needs it (closing the account), counted
 * like a sign-in: a wrong one uses up the failed sign-in limits, a burst waits its turn. The auth
 * module provides it; it runs in no transaction (bcrypt takes tens of milliseconds).
 */
public interface PasswordCheck {

    /** Returns when the password is right; throws a refusal (wrong password, or a limit) otherwise. */
    void verify(long userId, String password, String clientAddress);
}
