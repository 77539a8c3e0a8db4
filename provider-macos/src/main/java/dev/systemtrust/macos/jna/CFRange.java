package dev.systemtrust.macos.jna;

import com.sun.jna.Structure;

/** {@code CFRange} (CFBase.h): {@code { CFIndex location; CFIndex length; }}, passed by value. */
@Structure.FieldOrder({"location", "length"})
public class CFRange extends Structure {
    public long location;
    public long length;

    /** The by-value form CoreFoundation's functions take. */
    public static final class ByValue extends CFRange implements Structure.ByValue {
        public ByValue() {
        }

        ByValue(long location, long length) {
            this.location = location;
            this.length = length;
        }
    }
}
