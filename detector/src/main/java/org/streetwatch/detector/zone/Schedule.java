package org.streetwatch.detector.zone;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.streetwatch.config.Validator;

/**
 * When something is active: a set of daily time windows, each on some days of the week, in a time zone (the bureau's
 * own, Asia/Shanghai by default). A window whose end is before its start runs past midnight and belongs to the day it
 * starts on (a night market open Friday 18:00 to 02:00 is open early Saturday morning).
 */
public final class Schedule {

    /** One window: {@code from} inclusive to {@code to} exclusive, on {@code days}. */
    public record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

        boolean contains(ZonedDateTime t) {
            LocalTime time = t.toLocalTime();
            if (!from.isAfter(to)) {
                return days.contains(t.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
            }
            // crosses midnight: the evening part on its own day, the morning part on the next day
            return (days.contains(t.getDayOfWeek()) && !time.isBefore(from))
                    || (days.contains(t.getDayOfWeek().minus(1)) && time.isBefore(to));
        }
    }

    /** Always active. */
    public static final Schedule ALWAYS = new Schedule(ZoneId.of("Asia/Shanghai"), List.of(
            new Window(EnumSet.allOf(DayOfWeek.class), LocalTime.MIN, LocalTime.MAX)));

    private final ZoneId zone;
    private final List<Window> windows;

    public Schedule(ZoneId zone, List<Window> windows) {
        this.zone = zone;
        this.windows = List.copyOf(windows);
    }

    public boolean activeAt(long wallMs) {
        ZonedDateTime t = Instant.ofEpochMilli(wallMs).atZone(zone);
        for (Window w : windows) {
            if (w.contains(t)) {
                return true;
            }
        }
        return false;
    }

    public ZoneId zone() {
        return zone;
    }

    public List<Window> windows() {
        return windows;
    }

    /** Parses "HH:MM"; "24:00" is the end of the day. */
    public static java.time.LocalTime time(String hhmm) {
        return hhmm.equals("24:00") ? java.time.LocalTime.MAX : java.time.LocalTime.parse(hhmm);
    }

    /** A days setting {@link #days} can parse. */
    public static final Validator DAYS = Validator.precise("days such as daily, mon-fri or sat,sun", v -> {
        try {
            days((String) v);
            return null;
        } catch (IllegalArgumentException e) {
            return new Validator.Problem("", "days such as daily, mon-fri or sat,sun",
                    "\"" + v + "\": " + e.getMessage());
        }
    });

    /** Parses "mon-fri", "sat,sun", "daily" (case-insensitive). */
    public static Set<DayOfWeek> days(String spec) {
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("daily") || s.equals("all") || s.isEmpty()) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String part : s.split(",")) {
            String[] range = part.trim().split("-");
            DayOfWeek a = day(range[0]);
            DayOfWeek b = range.length > 1 ? day(range[1]) : a;
            for (DayOfWeek d = a; ; d = d.plus(1)) {
                out.add(d);
                if (d == b) {
                    break;
                }
            }
        }
        return out;
    }

    private static DayOfWeek day(String s) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().toLowerCase(java.util.Locale.ROOT).startsWith(s.trim()) && s.trim().length() >= 3) {
                return d;
            }
        }
        throw new IllegalArgumentException("not a day of the week: '" + s + "' (mon, tue, ... sun)");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schedule s && s.zone.equals(zone) && s.windows.equals(windows);
    }

    @Override
    public int hashCode() {
        return zone.hashCode() * 31 + windows.hashCode();
    }
}
