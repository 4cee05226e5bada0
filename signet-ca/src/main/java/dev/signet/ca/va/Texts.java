package dev.signet.ca.va;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** Digests of key authorizations and safe quoting of what a peer sent, for the details of failures. Stateless. */
final class Texts {
    /** How much of a received value a failure detail repeats. */
    static final int QUOTE_LIMIT = 64;

    private Texts() {}

    /** SHA-256 of the key authorization's UTF-8 bytes (RFC 8555 §8.4, RFC 8737 §3). */
    static byte[] sha256(String keyAuthorization) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(keyAuthorization.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256.", e);
        }
    }

    /** base64url without padding of SHA-256 of the key authorization: the dns-01 TXT value (RFC 8555 §8.4). */
    static String dnsTxtValue(String keyAuthorization) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(keyAuthorization));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * A received value in double quotes, control characters escaped and cut after {@value #QUOTE_LIMIT} characters
     * (marked with an ellipsis), so that a failure detail stays short and printable whatever the peer sent.
     */
    static String quote(String received) {
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(received.length(), QUOTE_LIMIT);
        for (int i = 0; i < shown; i++) {
            char c = received.charAt(i);
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20 || c == 0x7f) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        if (received.length() > shown) out.append('…');
        return out.append('"').toString();
    }
}
