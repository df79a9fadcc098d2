package dev.graphlet.advisor.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Avro's JSON encoding (unions as {@code {"type": value}}), the text form Confluent's console producer reads
 * and its console consumer prints.
 */
final class AvroJson {

    private AvroJson() {
    }

    static Object read(Schema schema, String line) throws IOException {
        GenericDatumReader<Object> reader = new GenericDatumReader<>(schema, schema, GenericData.get());
        return reader.read(null, DecoderFactory.get().jsonDecoder(schema, line));
    }

    static String write(Schema schema, Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out);
        new GenericDatumWriter<>(schema, GenericData.get()).write(value, encoder);
        encoder.flush();
        return out.toString(StandardCharsets.UTF_8);
    }
}
