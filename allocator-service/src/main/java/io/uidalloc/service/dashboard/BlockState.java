package io.uidalloc.service.dashboard;

import java.util.Locale;

/**
 * A block's state as the dashboard shows it. The code is the one-letter form of the block map's JSON; the pattern
 * names how the map draws it, so that states differ by more than colour.
 */
enum BlockState {
    FREE('F', "plain"),
    HELD('H', "solid"),
    QUARANTINED('Q', "hatched"),
    RETIRED('R', "crossed");

    private final char code;
    private final String pattern;

    BlockState(char code, String pattern) {
        this.code = code;
        this.pattern = pattern;
    }

    char code() {
        return code;
    }

    String pattern() {
        return pattern;
    }

    /** The lower-case name pages and metrics use. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
