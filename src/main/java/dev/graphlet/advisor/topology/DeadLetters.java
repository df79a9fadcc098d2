package dev.graphlet.advisor.topology;

import dev.graphlet.advisor.graphlet.EventRejectedException;
import dev.graphlet.advisor.graphlet.RejectionReason;
import dev.graphlet.advisor.serde.AvroSerdeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters on Kafka Streams' own dead-letter queue (KIP-1034): the handlers below return the failed record
 * (original key and value bytes, Kafka's {@code __streams.errors.*} headers) for the topic named by
 * {@code errors.dead.letter.queue.topic.name}, adding the advisor's reason class as {@code advisor.dlq.reason} and a
 * readable {@code advisor.dlq.detail}, and count it per reason. Processing goes on. Transient failures (an
 * unreachable registry or broker) are not dead letters: the handlers answer FAIL, the stream thread is replaced
 * and the record is read again from the last commit.
 */
public final class DeadLetters {

    public static final String REASON_HEADER = "advisor.dlq.reason";
    public static final String DETAIL_HEADER = "advisor.dlq.detail";
    /** The configuration key that tells the processing handler which topic is the control topic. */
    static final String CONTROL_TOPIC_KEY = "advisor.internal.control-topic";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private DeadLetters() {
    }

    /** The reason class of a failure, or empty when it is transient and must be retried instead. */
    static Optional<RejectionReason> classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return Optional.empty();
            }
            if (t instanceof EventRejectedException rejected) {
                return Optional.of(rejected.reason());
            }
            if (t instanceof AvroSerdeException.WireFormatException) {
                return Optional.of(RejectionReason.WRONG_MAGIC_BYTE);
            }
            if (t instanceof AvroSerdeException.UnknownSchemaIdException) {
                return Optional.of(RejectionReason.UNKNOWN_SCHEMA_ID);
            }
            if (t instanceof AvroSerdeException.SchemaResolutionException) {
                return Optional.of(RejectionReason.INCOMPATIBLE_SCHEMA);
            }
            if (t instanceof AvroSerdeException) {
                return Optional.of(RejectionReason.UNDESERIALIZABLE);
            }
        }
        return Optional.of(RejectionReason.PROCESSING_FAILED);
    }

    static String detail(Throwable failure) {
        Throwable shown = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EventRejectedException || t instanceof AvroSerdeException) {
                shown = t;
                break;
            }
        }
        return shown.getMessage() == null ? shown.getClass().getName() : shown.getMessage();
    }

    private static List<ProducerRecord<byte[], byte[]>> letter(String topic, byte[] key, byte[] value,
                                                              ErrorHandlerContext context, Exception failure,
                                                              RejectionReason reason) {
        ProducerRecord<byte[], byte[]> record = ExceptionHandlerUtils.buildDeadLetterQueueRecord(topic, key, value, context, failure);
        record.headers().add(REASON_HEADER, reason.name().getBytes(StandardCharsets.UTF_8));
        record.headers().add(DETAIL_HEADER, detail(failure).getBytes(StandardCharsets.UTF_8));
        return List.of(record);
    }

    /** Shared set-up of both handlers from the Streams configuration. */
    private abstract static class Handler {
        String topic;
        AdvisorCounters counters = new AdvisorCounters();

        void setUp(Map<String, ?> configs) {
            Object name = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
            if (name == null || name.toString().isBlank()) {
                throw new IllegalArgumentException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " must be set");
            }
            topic = name.toString();
            if (configs.get(AdvisorCounters.CONFIG_KEY) instanceof AdvisorCounters shared) {
                counters = shared;
            }
        }

        Optional<List<ProducerRecord<byte[], byte[]>>> handle(byte[] key, byte[] value, ErrorHandlerContext context,
                                                              Exception failure) {
            Optional<RejectionReason> reason = classify(failure);
            if (reason.isEmpty()) {
                LOG.warn("Transient failure on {}-{}@{}: the record will be retried: {}", context.topic(),
                        context.partition(), context.offset(), failure.toString());
                return Optional.empty();
            }
            counters.deadLetter(reason.get());
            LOG.debug("Dead letter {} from {}-{}@{}: {}", reason.get(), context.topic(), context.partition(),
                    context.offset(), detail(failure));
            return Optional.of(letter(topic, key, value, context, failure, reason.get()));
        }
    }

    /** Records that do not deserialize (wrong magic byte, unknown schema id, corrupt Avro...). */
    public static final class Deserialization extends Handler implements DeserializationExceptionHandler {
        @Override
        public void configure(Map<String, ?> configs) {
            setUp(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
            return handle(record.key(), record.value(), context, exception)
                    .map(Response::resume).orElseGet(Response::fail);
        }
    }

    /**
     * Records the processors reject (validation, LATE, OVERSIZED) or fail on. A failure on the control topic (the
     * global thread, where Kafka Streams cannot write dead letters) stops the instance: a mode change or kill switch
     * that was not applied must not be passed over while the advisor goes on advising. The control processor itself
     * counts and leaves out the records it does not understand, so only a fault gets here.
     */
    public static final class Processing extends Handler implements ProcessingExceptionHandler {
        private String controlTopic;

        @Override
        public void configure(Map<String, ?> configs) {
            setUp(configs);
            Object control = configs.get(CONTROL_TOPIC_KEY);
            controlTopic = control == null ? null : control.toString();
        }

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            if (context.topic() != null && context.topic().equals(controlTopic)) {
                LOG.error("A control record ({}-{}@{}) could not be applied; stopping rather than advising without it",
                        context.topic(), context.partition(), context.offset(), exception);
                return Response.fail();
            }
            return handle(context.sourceRawKey(), context.sourceRawValue(), context, exception)
                    .map(Response::resume).orElseGet(Response::fail);
        }
    }
}
