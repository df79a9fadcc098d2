package dev.graphlet.advisor.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Removes the Java-only {@code avro.java.string} properties that classes generated with {@code stringType=String}
 * carry in their schema. They change the schema's canonical text (hence its registry id) but not its encoding.
 */
final class JavaProperties {

    private static final String JAVA_STRING = "avro.java.string";
    private static final ObjectMapper JSON = new ObjectMapper();

    private JavaProperties() {
    }

    static Schema strip(Schema schema) {
        try {
            JsonNode tree = JSON.readTree(schema.toString());
            return new Schema.Parser().parse(JSON.writeValueAsString(strip(tree)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode strip(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            object.remove(JAVA_STRING);
            if (object.size() == 1 && object.has("type") && object.get("type").isTextual()
                    && isPrimitive(object.get("type").asText())) {
                return object.get("type"); // {"type":"string"} back to plain "string"
            }
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                object.set(name, strip(object.get(name)));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((ArrayNode) node).set(i, strip(node.get(i)));
            }
        }
        return node;
    }

    private static boolean isPrimitive(String type) {
        return switch (type) {
            case "string", "bytes", "int", "long", "float", "double", "boolean", "null" -> true;
            default -> false;
        };
    }
}
