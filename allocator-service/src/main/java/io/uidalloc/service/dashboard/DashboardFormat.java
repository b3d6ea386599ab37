package io.uidalloc.service.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** Formats values for the templates ({@code ${@dashboardFormat.time(x)}}); every time is shown in UTC. */
@Component
class DashboardFormat {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    /** A duration in seconds the way an operator reads it: "45 s", "12 min", "3 h 5 min". */
    String age(Long seconds) {
        if (seconds == null) {
            return "—";
        }
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}
