package io.csgate.gateway.ws;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF) as they arrive, in any split: a text message's fragments, and reads that cut a
 * character in two. One instance per socket; not thread-safe.
 */
final class Utf8Check {

    /** Continuation bytes still expected for the current character. */
    private int need;
    /** Range allowed for the next continuation byte (the first one is narrower for some leads). */
    private int lo = 0x80;
    private int hi = 0xBF;

    /** Takes one more byte; false when the bytes so far cannot be UTF-8. */
    boolean accept(int b) {
        b &= 0xFF;
        if (need > 0) {
            if (b < lo || b > hi) {
                return false;
            }
            need--;
            lo = 0x80;
            hi = 0xBF;
            return true;
        }
        if (b < 0x80) {
            return true;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            need = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            need = 2;
            if (b == 0xE0) {
                lo = 0xA0; // below: overlong
            } else if (b == 0xED) {
                hi = 0x9F; // above: UTF-16 surrogates
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            need = 3;
            if (b == 0xF0) {
                lo = 0x90; // below: overlong
            } else if (b == 0xF4) {
                hi = 0x8F; // above: beyond U+10FFFF
            }
        } else {
            return false; // 0x80-0xC1 (continuation or overlong lead) and 0xF5-0xFF
        }
        return true;
    }

    /** True when no character is left unfinished (the end of a message may come here). */
    boolean complete() {
        return need == 0;
    }

    void reset() {
        need = 0;
        lo = 0x80;
        hi = 0xBF;
    }
}
