package dev.quiver.server.pg;

import dev.quiver.engine.error.QuiverException;
import dev.quiver.server.auth.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server side of one SCRAM-SHA-256 login (RFC 5802 and 7677, as PostgreSQL uses it: no channel
 * binding, the user name from the startup packet). The stored PBKDF2 hash is SCRAM's SaltedPassword,
 * so the server checks the client's proof without learning the password, and proves to the client
 * that it knows the hash.
 */
final class ScramExchange {
    static final String MECHANISM = "SCRAM-SHA-256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PasswordHash.Parts stored;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;

    /** @param stored the user's hash (a dummy one for an unknown user, so the exchange looks the same) */
    ScramExchange(PasswordHash.Parts stored) {
        this.stored = stored;
    }

    /** The server-first message answering the client-first one; null when that is malformed. */
    String first(String clientFirst) {
        // gs2 header: "n,," (no channel binding) or "y,,"; "p=" would ask for binding we do not offer
        if (!(clientFirst.startsWith("n,") || clientFirst.startsWith("y,"))) {
            return null;
        }
        int bare = clientFirst.indexOf(',', 2);
        if (bare < 0) {
            return null;
        }
        clientFirstBare = clientFirst.substring(bare + 1);
        String clientNonce = attribute(clientFirstBare, 'r');
        if (clientNonce == null) {
            return null;
        }
        byte[] random = new byte[18];
        RANDOM.nextBytes(random);
        nonce = clientNonce + Base64.getEncoder().encodeToString(random);
        serverFirst =
                "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(stored.salt()) + ",i=" + stored.iterations();
        return serverFirst;
    }

    /** The server-final message when the client's proof is right; null when it is not. */
    String last(String clientFinal) {
        int proofAt = clientFinal.lastIndexOf(",p=");
        if (serverFirst == null || proofAt < 0 || !nonce.equals(attribute(clientFinal, 'r'))) {
            return null;
        }
        String withoutProof = clientFinal.substring(0, proofAt);
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(clientFinal.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            return null;
        }
        byte[] authMessage =
                (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] clientKey = hmac(stored.hash(), "Client Key".getBytes(StandardCharsets.UTF_8));
        byte[] storedKey = sha256(clientKey);
        byte[] signature = hmac(storedKey, authMessage);
        if (proof.length != signature.length) {
            return null;
        }
        byte[] claimedKey = new byte[proof.length];
        for (int index = 0; index < proof.length; index++) {
            claimedKey[index] = (byte) (proof[index] ^ signature[index]);
        }
        if (!MessageDigest.isEqual(storedKey, sha256(claimedKey))) {
            return null;
        }
        byte[] serverKey = hmac(stored.hash(), "Server Key".getBytes(StandardCharsets.UTF_8));
        return "v=" + Base64.getEncoder().encodeToString(hmac(serverKey, authMessage));
    }

    /** The value of {@code name=} in a comma-separated SCRAM message, or null. */
    private static String attribute(String message, char name) {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        return null;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw QuiverException.internal("HmacSHA256 is not available in this JDK", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw QuiverException.internal("SHA-256 is not available in this JDK", e);
        }
    }
}
