package io.uidalloc.service.support;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a Prometheus text exposition, looked up by series as Prometheus prints it, such as
 * {@code uidalloc_blocks{state="held"}}. Labels are compared in the order the registry writes them (sorted by name).
 */
public final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?)\\s+(\\S+)");

    private final Map<String, Double> samples;

    private PrometheusText(Map<String, Double> samples) {
        this.samples = samples;
    }

    public static PrometheusText parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.find()) {
                samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
            }
        }
        return new PrometheusText(samples);
    }

    /** The value of the series; fails naming the series if the exposition does not have it. */
    public double value(String series) {
        Double value = samples.get(series);
        if (value == null) {
            throw new AssertionError("no series " + series + " among " + samples.size() + " samples");
        }
        return value;
    }

    public boolean has(String series) {
        return samples.containsKey(series);
    }

    /** How many samples have a name that starts with the prefix, such as the buckets of a histogram. */
    public long count(String prefix) {
        return samples.keySet().stream().filter(s -> s.startsWith(prefix)).count();
    }
}
