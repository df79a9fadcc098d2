package dev.graphlet.advisor.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/**
 * The writer schemas of earlier store formats, kept as resources under {@code /state-formats/} (each the full schema,
 * with every named type it uses): what the store serdes and the model files read older data with.
 */
public final class StateFormatSchemas {

    private StateFormatSchemas() {
    }

    /** The schema in {@code resource}; a resource missing from the build is a defect of the build, named as such. */
    public static Schema read(String resource) {
        try (InputStream in = StateFormatSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("State format schema " + resource + " is missing from the build");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
