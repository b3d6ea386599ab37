package io.uidalloc.service.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/**
 * Formats values for the dashboard's templates, which call it as {@code ${@dashboardFormat.time(x)}}; it is public
 * because template expressions reach only public methods. Every time is shown in UTC.
 */
@Component
public class DashboardFormat {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    public String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    /** A duration in seconds the way an operator reads it: "45 s", "12 min", "3 h 5 min". */
    public String age(Long seconds) {
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
