package dev.graphlet.advisor.serde;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Avro 1.12 instantiates generated classes (even to copy a record) only from trusted packages. The advisor
 * trusts exactly its own generated packages; a deserializer reading into another generated class trusts that
 * class's package.
 */
public final class TrustedClasses {

    /** The packages of the classes generated from schemas/ and from the store formats. */
    public static final String CONTRACT_PACKAGE = "dev.graphlet.advisor.contract";
    public static final String STATE_PACKAGE = "dev.graphlet.advisor.state";

    // Mirrors what has been added to Avro's own process-wide validator, so it is added once.
    private static final java.util.Set<String> TRUSTED = new java.util.HashSet<>();

    private TrustedClasses() {
    }

    /** Trusts the advisor's generated packages; call once at start, before any generated record is built. */
    public static void trustAdvisorPackages() {
        trustPackage(CONTRACT_PACKAGE);
        trustPackage(STATE_PACKAGE);
    }

    static void trust(Class<?> generated) {
        trustPackage(generated.getPackageName());
    }

    private static synchronized void trustPackage(String pkg) {
        ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        if (TRUSTED.contains(pkg)) {
            return;
        }
        TRUSTED.add(pkg);
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(current,
                type -> type.getPackageName().equals(pkg)));
    }
}
