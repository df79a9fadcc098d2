package dev.graphlet.advisor.scoring;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Deterministic draws and ids from a hash of (name, seed): the same graphlet gets the same draw in every replay. */
public final class Draws {

    private Draws() {
    }

    /** A uniform draw in [0, 1). */
    public static double uniform(String name, long seed) {
        long bits = ByteBuffer.wrap(digest(name, seed)).getLong() >>> 11;
        return bits / (double) (1L << 53);
    }

    /** A stable id: 32 hex digits of the hash. */
    public static String id(String name, long seed) {
        return HexFormat.of().formatHex(digest(name, seed), 0, 16);
    }

    private static byte[] digest(String name, long seed) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update(ByteBuffer.allocate(8).putLong(seed).array());
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
