package org.streetwatch.daemon.config;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.detector.rule.RuleType;
import org.streetwatch.detector.zone.Polygon;
import org.streetwatch.detector.zone.Schedule;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.ZoneType;

/** A camera's {@code zones} entries and their schedules: keys, definition, and each entry read into a {@link Zone}. */
final class ZoneSection {

    static final String ID = "id";
    static final String TYPE = "type";
    static final String POLYGON = "polygon";
    static final String PLACE = "place";
    static final String UNIT = "unit";
    static final String GRID = "grid";
    static final String LONGITUDE = "longitude";
    static final String LATITUDE = "latitude";
    static final String MOTION_THRESHOLD = "motion_threshold";
    static final String SCHEDULE = "schedule";
    static final String RULES = "rules";
    static final String DAYS = "days";
    static final String FROM = "from";
    static final String TO = "to";

    private ZoneSection() {
    }

    static ConfigDef schedule() {
        return new ConfigDef()
                .define(DAYS, Type.STRING, "daily", Schedule.DAYS, "Days of the week: daily, mon-fri, sat,sun ...")
                .define(FROM, Type.STRING, ConfigDef.REQUIRED,
                        Validator.matches("([01]\\d|2[0-3]):[0-5]\\d", "a time HH:MM"), "Start of the window")
                .define(TO, Type.STRING, ConfigDef.REQUIRED,
                        Validator.matches("([01]\\d|2[0-4]):[0-5]\\d", "a time HH:MM"),
                        "End of the window (before the start: runs past midnight)");
    }

    static ConfigDef config(List<RuleType<?>> types) {
        return new ConfigDef()
                .define(ID, Type.STRING, ConfigDef.REQUIRED, Schema.ID_VALIDATOR, "Zone id, unique within its camera")
                .define(TYPE, Type.STRING, ConfigDef.REQUIRED, Validator.oneOf(ZoneType.keys()), "What the zone means")
                .define(POLYGON, Type.POINTS, ConfigDef.REQUIRED, Validator.UNIT_POLYGON,
                        "Outline as [x, y] fractions of the picture's width and height")
                .define(PLACE, Type.STRING, ConfigDef.OPTIONAL, "Place name shown in cases")
                .define(UNIT, Type.STRING, ConfigDef.OPTIONAL, "Responsible shop unit (门前三包 unit id)")
                .define(GRID, Type.STRING, ConfigDef.OPTIONAL, Validator.matches("\\d{14}|\\d{16}",
                                "the unit grid cell's 14 digits (county 6, street 3, community 3, cell 2), or 16"),
                        "Command centre unit grid cell (单元网格) the zone lies in, sent with its cases")
                .define(LONGITUDE, Type.DOUBLE, ConfigDef.OPTIONAL, Validator.between(-180, 180),
                        "The zone's longitude in degrees for the command centre's map (with latitude)")
                .define(LATITUDE, Type.DOUBLE, ConfigDef.OPTIONAL, Validator.between(-90, 90),
                        "The zone's latitude in degrees (with longitude)")
                .define(MOTION_THRESHOLD, Type.DOUBLE, ConfigDef.OPTIONAL, Validator.between(0, 1),
                        "Overrides motion.threshold for this zone (a busy pavement higher, a quiet drain lower)")
                .defineNested(SCHEDULE, Type.OBJECT_LIST, schedule(),
                        "When the zone applies (vending_allowed: the market's hours); empty: always")
                .defineOverrides(RULES, Schema.rules(types),
                        "Rule settings for this zone only, overriding the camera's (same keys as `rules`)");
    }

    /**
     * A camera's zones, ids unique within it; a zone without a place takes the camera's.
     *
     * @param at where the camera sits in the file, e.g. {@code cameras[2]}
     */
    static List<Zone> of(String file, String at, List<Settings> zones, String cameraPlace, ZoneId tz)
            throws ConfigException {
        List<Zone> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int j = 0; j < zones.size(); j++) {
            Settings z = zones.get(j);
            String zat = at + ".zones[" + j + "]";
            if (!ids.add(z.getString(ID))) {
                throw new ConfigException(file, zat + ".id", "expected a zone id unique within the camera; '"
                        + z.getString(ID) + "' is used twice");
            }
            Map<String, Settings> overrides = new LinkedHashMap<>();
            Settings r = z.getObject(RULES);
            for (String rule : r.keys()) {
                overrides.put(rule, r.getObject(rule));
            }
            Number lon = (Number) z.get(LONGITUDE);
            Number lat = (Number) z.get(LATITUDE);
            if ((lon == null) != (lat == null)) {
                throw new ConfigException(file, zat + (lon != null ? ".latitude" : ".longitude"),
                        "a zone's position needs both longitude and latitude");
            }
            Number motion = (Number) z.get(MOTION_THRESHOLD);
            out.add(new Zone(z.getString(ID), ZoneType.of(z.getString(TYPE)), new Polygon(z.getPoints(POLYGON)),
                    z.getString(PLACE) != null ? z.getString(PLACE) : cameraPlace, z.getString(UNIT),
                    schedule(z.getObjectList(SCHEDULE), tz), overrides, z.getString(GRID),
                    lon == null ? null : lon.doubleValue(), lat == null ? null : lat.doubleValue(),
                    motion == null ? null : motion.doubleValue()));
        }
        return List.copyOf(out);
    }

    private static Schedule schedule(List<Settings> windows, ZoneId tz) {
        List<Schedule.Window> out = new ArrayList<>();
        for (Settings w : windows) {
            out.add(new Schedule.Window(Schedule.days(w.getString(DAYS)), time(w.getString(FROM)),
                    time(w.getString(TO))));
        }
        return out.isEmpty() ? Schedule.ALWAYS : new Schedule(tz, out);
    }

    private static LocalTime time(String hhmm) {
        return hhmm.equals("24:00") ? LocalTime.MAX : LocalTime.parse(hhmm);
    }
}
