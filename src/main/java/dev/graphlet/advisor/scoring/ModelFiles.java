package dev.graphlet.advisor.scoring;

import dev.graphlet.advisor.serde.StateFormatSchemas;
import dev.graphlet.advisor.state.ModelState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/** A model as a file (Avro's JSON encoding of {@link ModelState}): what {@code train} writes and the advisor loads. */
public final class ModelFiles {

    private ModelFiles() {
    }

    public static void write(ModelState model, Path file) throws IOException {
        Files.writeString(file, toJson(model));
    }

    public static String toJson(ModelState model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonEncoder encoder = EncoderFactory.get().jsonEncoder(ModelState.getClassSchema(), out, true);
        new SpecificDatumWriter<>(ModelState.class).write(model, encoder);
        encoder.flush();
        return out.toString(StandardCharsets.UTF_8) + "\n";
    }

    /** Reads a model file; a missing or unreadable file is a one-line error naming it. */
    public static ModelState read(Path file) {
        try {
            return fromJson(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Model file " + file + " does not exist");
        } catch (IOException | AvroRuntimeException e) {
            throw new IllegalArgumentException("Model file " + file + " is not a model written by 'advisor train': " + e.getMessage());
        }
    }

    /** The formats of earlier releases' model files, newest first: read with their own schema, resolved to this one. */
    private static final List<String> OLDER_FORMATS = List.of("/state-formats/ModelState.v2.avsc",
            "/state-formats/ModelState.v1.avsc");

    public static ModelState fromJson(String json) throws IOException {
        ModelState model;
        try {
            model = new SpecificDatumReader<>(ModelState.class)
                    .read(null, DecoderFactory.get().jsonDecoder(ModelState.getClassSchema(), json));
        } catch (IOException | AvroRuntimeException current) {
            model = fromOlderJson(json, current);
        }
        if (model.getWeights().size() != OnlineModel.POINTS) {
            throw new IOException("expected " + OnlineModel.POINTS + " decision-point models, found " + model.getWeights().size());
        }
        return OnlineModel.upgrade(model);
    }

    private static ModelState fromOlderJson(String json, Exception current) throws IOException {
        for (String resource : OLDER_FORMATS) {
            Schema older = StateFormatSchemas.read(resource);
            try {
                return new SpecificDatumReader<ModelState>(older, ModelState.getClassSchema())
                        .read(null, DecoderFactory.get().jsonDecoder(older, json));
            } catch (IOException | AvroRuntimeException e) {
                // not this format either
            }
        }
        throw current instanceof IOException io ? io : new IOException(current.getMessage(), current);
    }
}
