package dev.systemtrust.macos;

/**
 * What one key of a usage-constraints dictionary held, exactly as Security.framework returned it: nothing is
 * interpreted here (the JNA layer only copies values out; {@link UsageConstraintMatch} decides what they mean).
 */
public sealed interface CfValue {

    /** The key is not in the dictionary. */
    record Absent() implements CfValue {
    }

    /** A CFString (or, for {@code kSecTrustSettingsPolicy}, the OID string of the SecPolicyRef found there). */
    record Text(String value) implements CfValue {
    }

    /** A CFNumber, read as a signed 64-bit value ({@code kCFNumberSInt64Type}, as trustd reads it). */
    record Number(long value) implements CfValue {
    }

    /** The key is present but its value is of another type or could not be read; {@code what} says which. */
    record Unreadable(String what) implements CfValue {
    }

    CfValue ABSENT = new Absent();

    static CfValue text(String value) {
        return new Text(value);
    }

    static CfValue number(long value) {
        return new Number(value);
    }

    static CfValue unreadable(String what) {
        return new Unreadable(what);
    }

    default boolean present() {
        return !(this instanceof Absent);
    }
}
