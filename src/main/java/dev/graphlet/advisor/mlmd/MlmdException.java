package dev.graphlet.advisor.mlmd;

/** A store that cannot be read as asked, with a one-line reason. */
public final class MlmdException extends RuntimeException {

    public MlmdException(String message) {
        super(message);
    }
}
