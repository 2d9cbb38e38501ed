package org.streetwatch.detector.rule;

import static org.streetwatch.detector.rule.RuleParams.ENABLED;
import static org.streetwatch.detector.rule.RuleParams.micros;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.detector.analysis.Observation;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.zone.Schedule;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.Box;
import org.streetwatch.violation.NearMiss;
import org.streetwatch.violation.Still;
import org.streetwatch.violation.Violation;
import org.streetwatch.violation.ViolationSink;
import org.streetwatch.violation.ZoneType;

/**
 * Muck trucks with uncovered loads (渣土车未苫盖): a truck (an operator model's muck-truck class, or a car box with a
 * truck's shape and size: small models call light trucks cars) in a {@code road}
 * zone whose cargo a {@link CargoJudge} finds uncovered in at least {@code min_sightings} sightings, and in at least
 * {@code min_ratio} of the sightings it could judge (a car box's load seen only as rough, in the dark, is not judged:
 * one guess on another). Muck trucks run at night: the rule only watches during its
 * {@code hours} on its {@code days}. One violation per truck track. A case measures the uncovered sightings and their
 * share; a truck that left with at least half of {@code min_sightings} but no case is a {@link NearMiss}.
 */
public final class UncoveredMuckTruckRule implements Rule {

    public static final String NAME = "uncovered_muck_truck";

    public static final String JUDGE = "judge";
    public static final String MIN_SIGHTINGS = "min_sightings";
    public static final String MIN_RATIO = "min_ratio";
    public static final String HOURS = "hours";
    public static final String DAYS = "days";
    public static final String EARTH_MIN = "earth_min";
    public static final String COVER_MIN = "cover_min";
    public static final String TEXTURE_MIN = "texture_min";
    public static final String NORMALISE_LIGHT = "normalise_light";
    public static final String ROUGHNESS_MIN = "roughness_min";
    public static final String CAR_AS_TRUCK = "car_as_truck";
    public static final String TRUCK_SIZE = "truck_size";
    public static final String TRUCK_SHAPE = "truck_shape";
    public static final String RECORD_OFFSET_S = "record_offset_s";
    public static final String MIN_CARGO_PX = "min_cargo_px";

    /**
     * The rule's settings in force in one place.
     *
     * @param hours when the rule watches, on its days; null: always
     */
    public record Params(boolean enabled, String eventCode, String judge, int minSightings, double minRatio,
                         Schedule.Window hours, CargoJudge.Thresholds cargo, boolean carAsTruck, double truckSize, double truckShape,
                         long recordOffsetUs, int minCargoPx) implements RuleParams {

        public static Params of(Settings s) {
            String hours = s.getString(HOURS);
            Schedule.Window window = hours.isEmpty() ? null : new Schedule.Window(Schedule.days(s.getString(DAYS)),
                    Schedule.time(hours.substring(0, 5)), Schedule.time(hours.substring(6)));
            return new Params(s.getBoolean(ENABLED), s.getString(EventCodes.SETTING), s.getString(JUDGE),
                    s.getInt(MIN_SIGHTINGS), s.getDouble(MIN_RATIO), window,
                    new CargoJudge.Thresholds(s.getDouble(EARTH_MIN), s.getDouble(COVER_MIN), s.getDouble(TEXTURE_MIN),
                            s.getBoolean(NORMALISE_LIGHT), s.getDouble(ROUGHNESS_MIN)),
                    s.getBoolean(CAR_AS_TRUCK), s.getDouble(TRUCK_SIZE), s.getDouble(TRUCK_SHAPE),
                    micros(s, RECORD_OFFSET_S), s.getInt(MIN_CARGO_PX));
        }

        /** When the rule watches, in the camera's time zone. */
        public Schedule schedule(ZoneId timeZone) {
            return hours == null ? Schedule.ALWAYS : new Schedule(timeZone, List.of(hours));
        }

        @Override
        public boolean watchesAt(long wallMs, ZoneId timeZone) {
            return hours == null || schedule(timeZone).activeAt(wallMs);
        }
    }

    /** Hours that end when they start: a window of no length, in which the rule would never watch. */
    private static Validator.Problem emptyHours(Settings s) {
        Schedule.Window hours = Params.of(s).hours();
        return hours != null && hours.from().equals(hours.to()) ? new Validator.Problem("." + HOURS,
                "hours that end other than when they start (HH:MM-HH:MM; empty: always)",
                "\"" + hours.from() + "-" + hours.to() + "\"") : null;
    }

    public static final RuleType<Params> TYPE = new RuleType<>(NAME, new ConfigDef()
            .define(ENABLED, Type.BOOLEAN, true, "Whether the rule runs")
            .define(EventCodes.SETTING, Type.STRING, "0303", EventCodes.CODE_FORMAT,
                    EventCodes.doc("施工管理 / 渣土运输未覆盖"))
            .define(JUDGE, Type.STRING, CargoJudge.HEURISTIC, Validator.NON_EMPTY,
                    "Cargo judge: heuristic, or the name of an ONNX classifier descriptor (classes covered, uncovered)")
            .define(MIN_SIGHTINGS, Type.INT, 3, Validator.between(1, 100),
                    "Uncovered judgements of one truck needed before the violation is confirmed")
            .define(MIN_RATIO, Type.DOUBLE, 0.7, Validator.between(0, 1),
                    "Share of a truck's judged sightings that must say uncovered")
            .define(HOURS, Type.STRING, "", Validator.matches("|([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-4]):[0-5]\\d",
                    "empty (always) or HH:MM-HH:MM"), "When the rule watches, e.g. 20:00-06:00 (empty: always)")
            .define(DAYS, Type.STRING, "daily", Schedule.DAYS, "Days the rule watches: daily, mon-fri, sat,sun ...")
            .define(EARTH_MIN, Type.DOUBLE, 0.25, Validator.between(0, 1),
                    "Heuristic: share of the cargo area in earth colours (soil, sand) for uncovered")
            .define(COVER_MIN, Type.DOUBLE, 0.25, Validator.between(0, 1),
                    "Heuristic: share of the cargo area in saturated green or blue (dust net, tarpaulin) for covered")
            .define(TEXTURE_MIN, Type.DOUBLE, 0.04, Validator.between(0, 1),
                    "Heuristic without normalise_light: roughness (mean Laplacian / 255) of the cargo area for "
                            + "uncovered")
            .define(NORMALISE_LIGHT, Type.BOOLEAN, true,
                    "Heuristic: judge colours in the scene's light (the street around the truck brought to mid grey, "
                            + "noise smoothed) and texture relative to that street; in the dark, texture alone")
            .define(ROUGHNESS_MIN, Type.DOUBLE, 1.4, Validator.between(0, 100),
                    "Heuristic with normalise_light: how many times rougher than the street around the truck an "
                            + "uncovered load is (instead of texture_min)")
            .define(CAR_AS_TRUCK, Type.BOOLEAN, true,
                    "A car box with a truck's shape and size counts as a truck (small models often call a light "
                            + "truck car)")
            .define(TRUCK_SIZE, Type.DOUBLE, 1.35, Validator.between(1, 10),
                    "A car counts as a truck if its box is this many times as tall as the camera's typical car "
                            + "at that row (learnt from the cars it sees)")
            .define(TRUCK_SHAPE, Type.DOUBLE, 0.75, Validator.between(0, 10),
                    "A car counts as a truck only if its box is also at least this tall for its width (height / width)")
            .define(RECORD_OFFSET_S, Type.DOUBLE, 0.1, Validator.between(0, 10),
                    "Judge the cargo on the record (main) stream's keyframe if the camera has one within this many "
                            + "seconds of the analysed picture (0: never)")
            .define(MIN_CARGO_PX, Type.INT, 48, Validator.between(0, 1000),
                    "A cargo area less tall than this (in the picture judged) is upscaled to it first (0: never)"),
            Params::of, UncoveredMuckTruckRule::emptyHours,
            (type, cameraId, env) -> new UncoveredMuckTruckRule(cameraId, env));

    /** What one truck has shown so far. */
    private static final class Sighting {
        int judged;
        int uncovered;
        long firstUncoveredUs = -1;
        Still first;
        Violation confirmed;
        String zoneId;
        int needed;
        /** Sums of what the judge measured over the judged sightings (its shares, texture, probabilities). */
        final Map<String, Double> judgeSums = new java.util.TreeMap<>();

        Map<String, Double> measured() {
            Measurements m = new Measurements().put("min_sightings", uncovered)
                    .put("min_ratio", judged == 0 ? 0 : (double) uncovered / judged).put("judged", judged);
            judgeSums.forEach((k, sum) -> m.put(k + "_mean", sum / judged));
            return m.toMap();
        }
    }

    private final String cameraId;
    private final RuleEnv env;
    private final Map<Long, Sighting> trucks = new HashMap<>();
    private final CarSizes carSizes = new CarSizes();
    private Schedule.Window scheduleHours;
    private ZoneId scheduleZone;
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
        Params cam = o.scene().params(TYPE, null);
        Set<Long> present = new HashSet<>();
        for (Track t : o.tracks()) {
            present.add(t.id());
        }
        endGone(present, sink);
        List<Track> candidates = trucks(o, cam);
        if (!schedule(cam, o.scene().timeZone()).activeAt(o.wallMs())) {
            return;
        }
        for (Track t : candidates) {
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
            Params p = o.scene().params(TYPE, zone);
            Sighting s = trucks.computeIfAbsent(t.id(), id -> new Sighting());
            CargoJudge.Judgement j = verdict(o, t, p);
            CargoJudge.Verdict v = j.verdict();
            // a truck by its box's shape with a load rough in the dark: two guesses, no evidence
            if (v == CargoJudge.Verdict.UNSURE || j.textureOnly() && t.kind().equals("car")) {
                continue;
            }
            s.judged++;
            j.measured().forEach((k, x) -> s.judgeSums.merge(k, x, Double::sum));
            s.zoneId = zone.id();
            s.needed = p.minSightings();
            if (v == CargoJudge.Verdict.UNCOVERED) {
                s.uncovered++;
                if (s.first == null) {
                    s.firstUncoveredUs = o.nowUs();
                    s.first = o.still(List.of(t), zone);
                }
            }
            if (s.confirmed == null && s.uncovered >= p.minSightings()
                    && (double) s.uncovered / s.judged >= p.minRatio()) {
                var area = o.area(List.of(t));
                float[] look = o.appearance(area);
                if (!env.suppressions().suppressed(cameraId, NAME, zone.id(), area, o::appearance, o.wallMs())) {
                    s.confirmed = new Violation(cameraId + "-" + NAME + "-" + zone.id() + "-" + s.firstUncoveredUs,
                            cameraId, NAME, zone.id(), zone.type(), zone.place(), zone.unit(), s.firstUncoveredUs,
                            o.wallMs(s.firstUncoveredUs), o.nowUs(), o.wallMs(), s.firstUncoveredUs, o.nowUs(),
                            Map.of(t.kind().equals("car") ? "truck" : t.kind(), 1), List.of(t.toString()),
                            List.of(s.first, o.still(List.of(t), zone)),
                            false, area, look).measured(s.measured());
                    sink.confirmed(s.confirmed);
                }
            }
        }
    }

    /**
     * The trucks in this picture: what the model calls a truck (or an operator model's muck-truck classes), and a car
     * with a truck's shape and size. Every other car teaches the camera's typical car size.
     */
    private List<Track> trucks(Observation o, Params p) {
        List<Track> out = new ArrayList<>();
        for (Track t : o.tracks()) {
            if (!t.seen()) {
                continue;
            }
            if (t.kind().equals("truck") || t.kind().startsWith("muck_truck")) {
                out.add(t);
            } else if (t.kind().equals("car")) {
                Box b = t.box();
                double typical = carSizes.heightAt(b.groundY());
                if (p.carAsTruck() && b.height() >= p.truckSize() * typical
                        && b.height() >= p.truckShape() * b.width()) {
                    out.add(t);
                } else {
                    carSizes.add(b.groundY(), b.height());
                }
            }
        }
        return out;
    }

    /**
     * Judges the truck's cargo where there are pixels: on the main stream's keyframe of this instant if the camera
     * has one, else on the analysed picture; a cargo area smaller than {@code min_cargo_px} is upscaled first.
     */
    private CargoJudge.Judgement verdict(Observation o, Track t, Params p) {
        if (t.kind().equals("muck_truck_uncovered")) { // the operator's model already judged it
            return new CargoJudge.Judgement(CargoJudge.Verdict.UNCOVERED, Map.of("detector_score", (double) t.score()));
        }
        if (t.kind().equals("muck_truck_covered")) {
            return new CargoJudge.Judgement(CargoJudge.Verdict.COVERED, Map.of("detector_score", (double) t.score()));
        }
        CargoJudge judge = env.cargoJudges().get(p.judge());
        if (judge == null) {
            return CargoJudge.Judgement.UNSURE; // the config loader refuses unknown judges; a removed one judges nothing
        }
        long offsetUs = p.recordOffsetUs();
        Mat picture = offsetUs > 0 ? o.recorded(offsetUs).orElse(o.image()) : o.image();
        Box box = t.box().scale((double) picture.cols() / o.width());
        return CargoView.judge(judge, picture, box, p.minCargoPx(), p.cargo());
    }

    private void endGone(Set<Long> present, ViolationSink sink) {
        for (var it = trucks.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!present.contains(e.getKey())) {
                it.remove();
                Sighting s = e.getValue();
                Violation v = s.confirmed;
                if (v != null) {
                    sink.ended(v, v.confirmUs(), v.confirmWallMs());
                } else if (s.uncovered > 0 && 2 * s.uncovered >= s.needed) {
                    sink.nearMiss(new NearMiss(cameraId, NAME, s.zoneId, s.firstUncoveredUs, s.first.wallMs(),
                            "a truck seen uncovered " + s.uncovered + " of " + s.judged + " times left ("
                                    + s.needed + " needed)", s.measured()));
                }
            }
        }
    }

    /** The rule's schedule, made again only when its hours or the time zone change (a reload). */
    private Schedule schedule(Params p, ZoneId zone) {
        if (p.hours() != scheduleHours || !zone.equals(scheduleZone)) {
            scheduleHours = p.hours();
            scheduleZone = zone;
            schedule = p.schedule(zone);
        }
        return schedule;
    }

    @Override
    public void end(ViolationSink sink) {
        endGone(Set.of(), sink);
    }
}
