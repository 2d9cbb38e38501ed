package org.streetwatch.detector.rule;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.detector.analysis.Observation;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.zone.Schedule;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.detector.zone.ZoneType;

/**
 * Muck trucks with uncovered loads (渣土车未苫盖): a truck (or an operator model's muck-truck class) in a {@code road}
 * zone whose cargo a {@link CargoJudge} finds uncovered in at least {@code min_sightings} sightings, and in at least
 * {@code min_ratio} of the sightings it could judge. Muck trucks run at night: the rule only watches during its
 * {@code hours} on its {@code days}. One violation per truck track.
 */
public final class UncoveredMuckTruckRule implements Rule {

    public static final String NAME = "uncovered_muck_truck";

    public static final RuleType TYPE = new RuleType(NAME, new ConfigDef()
            .define("enabled", Type.BOOLEAN, true, "Whether the rule runs")
            .define("judge", Type.STRING, CargoJudge.HEURISTIC, Validator.NON_EMPTY,
                    "Cargo judge: heuristic, or the name of an ONNX classifier descriptor (classes covered, uncovered)")
            .define("min_sightings", Type.INT, 3, Validator.between(1, 100),
                    "Uncovered judgements of one truck needed before the violation is confirmed")
            .define("min_ratio", Type.DOUBLE, 0.7, Validator.between(0, 1),
                    "Share of a truck's judged sightings that must say uncovered")
            .define("hours", Type.STRING, "", Validator.matches("|([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-4]):[0-5]\\d",
                    "empty (always) or HH:MM-HH:MM"), "When the rule watches, e.g. 20:00-06:00 (empty: always)")
            .define("days", Type.STRING, "daily", "Days the rule watches: daily, mon-fri, sat,sun ...")
            .define("earth_min", Type.DOUBLE, 0.25, Validator.between(0, 1),
                    "Heuristic: share of the cargo area in earth colours (soil, sand) for uncovered")
            .define("cover_min", Type.DOUBLE, 0.25, Validator.between(0, 1),
                    "Heuristic: share of the cargo area in saturated green or blue (dust net, tarpaulin) for covered")
            .define("texture_min", Type.DOUBLE, 0.04, Validator.between(0, 1),
                    "Heuristic: roughness (mean Laplacian / 255) of the cargo area for uncovered"),
            UncoveredMuckTruckRule::new);

    /** What one truck has shown so far. */
    private static final class Sighting {
        int judged;
        int uncovered;
        long firstUncoveredUs = -1;
        Still first;
        Violation confirmed;
    }

    private final String cameraId;
    private final RuleEnv env;
    private final Map<Long, Sighting> trucks = new HashMap<>();
    private String scheduleSpec;
    private Schedule schedule;

    private UncoveredMuckTruckRule(String cameraId, RuleEnv env) {
        this.cameraId = cameraId;
        this.env = env;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void evaluate(Observation o, ViolationSink sink) {
        if (!o.scene().enabled(NAME)) {
            return;
        }
        Settings cam = o.scene().params(NAME, null);
        Set<Long> present = new HashSet<>();
        for (Track t : o.tracks()) {
            present.add(t.id());
        }
        endGone(present, sink);
        if (!schedule(cam, o.scene().timeZone()).activeAt(o.wallMs())) {
            return;
        }
        for (Track t : o.tracks()) {
            if (!t.seen() || !(t.kind().equals("truck") || t.kind().startsWith("muck_truck"))) {
                continue;
            }
            Zone zone = null;
            for (Zone z : o.scene().zones(ZoneType.ROAD)) {
                if (z.activeAt(o.wallMs()) && o.inside(t, z)) {
                    zone = z;
                    break;
                }
            }
            if (zone == null) {
                continue;
            }
            Settings p = o.scene().params(NAME, zone);
            Sighting s = trucks.computeIfAbsent(t.id(), id -> new Sighting());
            CargoJudge.Verdict v = verdict(o, t, p);
            if (v == CargoJudge.Verdict.UNSURE) {
                continue;
            }
            s.judged++;
            if (v == CargoJudge.Verdict.UNCOVERED) {
                s.uncovered++;
                if (s.first == null) {
                    s.firstUncoveredUs = o.nowUs();
                    s.first = o.still(List.of(t), zone);
                }
            }
            if (s.confirmed == null && s.uncovered >= p.getInt("min_sightings")
                    && (double) s.uncovered / s.judged >= p.getDouble("min_ratio")) {
                var area = o.area(List.of(t));
                float[] look = o.appearance(area);
                if (!env.suppressions().suppressed(cameraId, NAME, zone.id(), area, o::appearance, o.wallMs())) {
                    s.confirmed = new Violation(cameraId + "-" + NAME + "-" + zone.id() + "-" + s.firstUncoveredUs,
                            cameraId, NAME, zone.id(), zone.type(), zone.place(), zone.unit(), s.firstUncoveredUs,
                            o.wallMs(s.firstUncoveredUs), o.nowUs(), o.wallMs(), s.firstUncoveredUs, o.nowUs(),
                            Map.of(t.kind(), 1), List.of(t.toString()), List.of(s.first, o.still(List.of(t), zone)),
                            false, area, look);
                    sink.confirmed(s.confirmed);
                }
            }
        }
    }

    private CargoJudge.Verdict verdict(Observation o, Track t, Settings p) {
        if (t.kind().equals("muck_truck_uncovered")) {
            return CargoJudge.Verdict.UNCOVERED; // the operator's model already judged it
        }
        if (t.kind().equals("muck_truck_covered")) {
            return CargoJudge.Verdict.COVERED;
        }
        CargoJudge judge = env.cargoJudges().get(p.getString("judge"));
        if (judge == null) {
            return CargoJudge.Verdict.UNSURE; // the config loader refuses unknown judges; a removed one judges nothing
        }
        return judge.judge(o.image(), t.box().scale(o.scale()), p);
    }

    private void endGone(Set<Long> present, ViolationSink sink) {
        for (var it = trucks.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!present.contains(e.getKey())) {
                it.remove();
                Violation v = e.getValue().confirmed;
                if (v != null) {
                    sink.ended(v, v.confirmUs(), v.confirmWallMs());
                }
            }
        }
    }

    private Schedule schedule(Settings p, ZoneId zone) {
        String spec = p.getString("hours") + "|" + p.getString("days") + "|" + zone;
        if (!spec.equals(scheduleSpec)) {
            scheduleSpec = spec;
            String hours = p.getString("hours");
            schedule = hours.isEmpty() ? Schedule.ALWAYS : new Schedule(zone, List.of(new Schedule.Window(
                    Schedule.days(p.getString("days")), Schedule.time(hours.substring(0, 5)),
                    Schedule.time(hours.substring(6)))));
        }
        return schedule;
    }

    @Override
    public void end(ViolationSink sink) {
        endGone(Set.of(), sink);
    }
}
