package dev.graphlet.advisor.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that runs once per real broker kind: the embedded KRaft broker (always) and a Testcontainers
 * {@code apache/kafka} broker (where Docker is available; otherwise that invocation is skipped). Declare a
 * {@link RealKafka} parameter to receive the broker. Brokers are shared by all tests of a run.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(RealKafkaExtension.class)
public @interface RealKafkaTest {
}
