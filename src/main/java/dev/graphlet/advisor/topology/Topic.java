package dev.graphlet.advisor.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Produced;

/** A topic and the serdes of its values; keys are always the pipelineId as a plain string. */
public record Topic<V>(String name, Serde<V> valueSerde) {

    public Serde<String> keySerde() {
        return Serdes.String();
    }

    public Produced<String, V> produced() {
        return Produced.with(keySerde(), valueSerde);
    }
}
