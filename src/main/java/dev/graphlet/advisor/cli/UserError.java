package dev.graphlet.advisor.cli;

/** A mistake the user can fix (bad flag value, missing file, unreachable service): one line, non-zero exit. */
final class UserError extends RuntimeException {

    UserError(String message) {
        super(message);
    }
}
