package dev.quiver.server.auth;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted password hash by PBKDF2-HMAC-SHA256 (the JDK's implementation, no extra library),
 * written as {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in Base64). The iteration
 * count is stored with each hash, so it can grow without invalidating old ones.
 */
public final class PasswordHash {
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;

    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {}

    /** A new hash of {@code password} with a fresh random salt. */
    public static String create(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(derive(password, salt, iterations));
    }

    /**
     * A stored hash taken apart. Its hash is exactly SCRAM-SHA-256's SaltedPassword (RFC 5802:
     * PBKDF2-HMAC-SHA256 of the password, 32 bytes), so the PostgreSQL front logs users in by
     * SCRAM from the same users file without ever seeing a password.
     */
    public record Parts(int iterations, byte[] salt, byte[] hash) {}

    /** The iterations, salt and hash of {@code encoded}. */
    public static Parts parts(String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "password hash is not " + SCHEME + "$ITERATIONS$SALT$HASH: re-set it with quiver server passwd");
        }
        try {
            return new Parts(
                    Integer.parseInt(parts[1]),
                    Base64.getDecoder().decode(parts[2]),
                    Base64.getDecoder().decode(parts[3]));
        } catch (IllegalArgumentException e) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT, "password hash is damaged: re-set it with quiver server passwd", e);
        }
    }

    /** Whether {@code password} matches {@code encoded}; compares in constant time. */
    public static boolean matches(char[] password, String encoded) {
        Parts parts = parts(encoded);
        return MessageDigest.isEqual(parts.hash(), derive(password, parts.salt(), parts.iterations()));
    }

    /** The iteration count stored in {@code encoded}, or the default when it cannot be read. */
    static int iterations(String encoded) {
        String[] parts = encoded.split("\\$");
        try {
            return parts.length == 4 ? Integer.parseInt(parts[1]) : DEFAULT_ITERATIONS;
        } catch (NumberFormatException e) {
            return DEFAULT_ITERATIONS;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw QuiverException.internal("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
