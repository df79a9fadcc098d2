package dev.graphlet.advisor.serde;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Avro 1.12 instantiates generated classes only from trusted packages. A deserializer that reads into a
 * generated class trusts that class's package, and nothing wider.
 */
final class TrustedClasses {

    private TrustedClasses() {
    }

    static synchronized void trust(Class<?> generated) {
        ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        if (current.isTrusted(generated)) {
            return;
        }
        String pkg = generated.getPackageName();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(current,
                type -> type.getPackageName().equals(pkg)));
    }
}
