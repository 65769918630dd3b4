package com.speedmatch.auth.internal;

import com.speedmatch.limits.LimitProperties;
import com.speedmatch.limits.RateLimits;
import com.speedmatch.shared.Emails;
import com.speedmatch.shared.Refused;
import com.speedmatch.user.PasswordCheck;
import com.speedmatch.user.UserService;
import java.util.List;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Every password check of the service, behind the failed sign-in limits of docs/spec.md "Limits":
 * {@code limits.failed-logins-per-email-and-address} for one email from one client address,
 * {@code limits.failed-logins-per-address} from one address whatever the email, and
 * {@code limits.failed-logins-per-email} for one email from everywhere (the hour cap).
 *
 * <p>An attempt is counted in all three <em>before</em> bcrypt runs, each count atomic in its
 * store (Caffeine, or Redis in cluster mode), and given back when the password was right: a burst
 * of N parallel guesses reaches the password check at most as often as the tightest limit allows,
 * and a stranger's failures from elsewhere never lock the owner out of their own address (only the
 * hour cap is shared). An unknown email costs the same bcrypt as a known one. Nothing here holds a
 * database connection while bcrypt runs.
 *
 * <p>A sign-in from a device that signed in to the account before ({@link DeviceTokens}) is
 * counted per device only ({@code limits.failed-logins-per-device}): strangers can use up the
 * account's hour cap, never its owner's own devices. A completed password reset clears the cap.
 */
@Component
class SignInGuard implements PasswordCheck {

    private final UserService users;
    private final PasswordEncoder passwords;
    private final RateLimits limits;
    private final RateLimits.Limit perEmailAndAddress;
    private final RateLimits.Limit perAddress;
    private final RateLimits.Limit perEmail;
    private final RateLimits.Limit perDevice;
    private final DeviceTokens devices;
    private final String unknownUsersHash;

    SignInGuard(
            UserService users,
            PasswordEncoder passwords,
            RateLimits limits,
            LimitProperties properties,
            DeviceTokens devices) {
        this.devices = devices;
        this.perDevice = new RateLimits.Limit(
                "failed-logins-per-device",
                properties.failedLoginsPerEmailAndAddress(),
                properties.failedLoginWindow());
        this.users = users;
        this.passwords = passwords;
        this.limits = limits;
        this.perEmailAndAddress = new RateLimits.Limit(
                "failed-logins-per-email-and-address",
                properties.failedLoginsPerEmailAndAddress(),
                properties.failedLoginWindow());
        this.perAddress = new RateLimits.Limit(
                "failed-logins-per-address", properties.failedLoginsPerAddress(), properties.failedLoginWindow());
        this.perEmail = new RateLimits.Limit(
                "failed-logins-per-email", properties.failedLoginsPerEmail(), properties.failedLoginsPerEmailWindow());
        this.unknownUsersHash = passwords.encode("an unknown user's password");
    }

    /**
     * The account whose password this is, or empty for an unknown email or a wrong password
     * (counted). {@code deviceToken}: the one this device got at its last sign-in, if any.
     */
    Optional<UserService.Credentials> signIn(String email, String password, String clientAddress, String deviceToken) {
        Optional<UserService.Credentials> account = users.credentials(email);
        String emailKey = account.map(UserService.Credentials::emailKey).orElseGet(() -> Emails.key(email));
        Optional<String> device = devices.device(deviceToken, emailKey);
        RateLimits.Taken taken = device.isPresent()
                ? limits.take(List.of(new RateLimits.Slot(
                        perDevice, emailKey + "|" + device.get(), "Too many failed sign-ins from this device")))
                : admit(emailKey, clientAddress);
        boolean matches = passwords.matches(
                password, account.map(UserService.Credentials::passwordHash).orElse(unknownUsersHash));
        if (account.isEmpty() || !matches) {
            return Optional.empty();
        }
        limits.giveBack(taken);
        return account;
    }

    /** A new device token for the account, after a sign-in that succeeded. */
    String trustDevice(String emailKey) {
        return devices.issue(emailKey);
    }

    /** The account took itself back (a completed reset): strangers' failures no longer count against it. */
    void clearFailures(String emailKey) {
        limits.clear(perEmail, emailKey);
    }

    @Override
    public void verify(long userId, String password, String clientAddress) {
        UserService.Credentials account = users.credentials(userId)
                .orElseThrow(() -> new Refused("Account closed", "This account is already closed"));
        RateLimits.Taken taken = admit(account.emailKey(), clientAddress);
        if (!passwords.matches(password, account.passwordHash())) {
            throw new Refused("Wrong password", "The password does not match; the account stays");
        }
        limits.giveBack(taken);
    }

    private RateLimits.Taken admit(String emailKey, String clientAddress) {
        String address = RateLimits.addressKey(clientAddress);
        return limits.take(List.of(
                new RateLimits.Slot(
                        perEmailAndAddress,
                        emailKey + "|" + address,
                        "Too many failed sign-ins for this email from your network"),
                new RateLimits.Slot(perAddress, address, "Too many failed sign-ins from your network"),
                new RateLimits.Slot(perEmail, emailKey, "Too many failed sign-ins for this email")));
    }
}
