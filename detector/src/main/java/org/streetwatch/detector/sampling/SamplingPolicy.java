package org.streetwatch.detector.sampling;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.detector.rule.MisparkedBikesRule;
import org.streetwatch.detector.rule.RuleParams;
import org.streetwatch.detector.rule.RulePlan;
import org.streetwatch.detector.rule.StationaryObjectRule;
import org.streetwatch.detector.rule.StreetVendingRule;
import org.streetwatch.detector.rule.UncoveredMuckTruckRule;
import org.streetwatch.detector.rule.WasteWaterRule;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.ZoneType;

/**
 * A camera's analysis interval from what its rules need now. A rule that judges moving things (a muck truck crossing a
 * road zone, a person pouring at a drain) gets every picture the camera's {@code sample_interval_s} allows while its
 * zone shows motion; rules
 * about things that stay (stalls, bikes, piles, laundry: minutes of {@code dwell_s}) need one every {@code still_s};
 * with no rule active (zone schedules, the truck rule's {@code hours}, rules disabled) one every {@code idle_s} keeps
 * the aim check and the camera wall alive. A rule fires at most two samples after its {@code dwell_s}: one sample
 * late to see the thing arrive, one to see the dwell complete. A camera's own {@code sample_interval_s} pins it.
 * Stateless; called on the camera's analysis thread.
 */
public final class SamplingPolicy {

    public static final String ENABLED = "enabled";
    public static final String STILL_S = "still_s";
    public static final String IDLE_S = "idle_s";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(ENABLED, Type.BOOLEAN, true,
                    "Analyse each camera as often as the rules active in its zones need (off: every sample_interval_s)")
            .define(STILL_S, Type.DOUBLE, 3.0, Validator.between(0.04, 3600),
                    "Interval while only rules about things that stay are active, or the moving rules' zones are still")
            .define(IDLE_S, Type.DOUBLE, 30.0, Validator.between(0.04, 3600),
                    "Interval while no rule is active in any zone (aim check and camera wall only)");

    /**
     * @param floorUs the camera's sample interval: never analysed faster, and the rate while things move where a rule
     *                about moving things watches
     * @param pinned  the operator set the camera's own interval: {@code floorUs} always
     */
    public record Params(boolean enabled, long stillUs, long idleUs, long floorUs, boolean pinned) {

        /** Every picture the sampler gives, as before adaptive sampling (tests and tools that drive frames). */
        public static final Params OFF = new Params(false, 0, 0, 0, false);

        public static Params of(Settings s, double sampleIntervalS, boolean pinned) {
            return new Params(s.getBoolean(ENABLED), micros(s.getDouble(STILL_S)), micros(s.getDouble(IDLE_S)),
                    micros(sampleIntervalS), pinned);
        }

        /** The same policy for a camera analysed at most every {@code interval} (pinned: always at it). */
        public Params atInterval(java.time.Duration interval, boolean pinnedTo) {
            return new Params(enabled, stillUs, idleUs, interval.toNanos() / 1000, pinnedTo);
        }

        private static long micros(double s) {
            return (long) (s * 1e6);
        }
    }

    /** Where the camera's last analysed picture changed. */
    public interface Motion {

        /** Changed anywhere it is looked at: in a zone, or in the picture when there are none. */
        boolean anywhere();

        /** Changed inside the zone. */
        boolean in(Zone z);
    }

    /** What a rule watches: the zone type it judges, and whether what it judges moves. */
    private record Watch(ZoneType zone, boolean moving) {
    }

    private static final Map<String, Watch> WATCHES = Map.of(
            StreetVendingRule.NAME, new Watch(ZoneType.NO_VENDING, false),
            MisparkedBikesRule.NAME, new Watch(ZoneType.NO_BIKE_PARKING, false),
            StationaryObjectRule.STORAGE.name(), new Watch(ZoneType.NO_STORAGE, false),
            StationaryObjectRule.HANGING.name(), new Watch(ZoneType.NO_HANGING, false),
            WasteWaterRule.NAME, new Watch(ZoneType.DRAIN, true),
            UncoveredMuckTruckRule.NAME, new Watch(ZoneType.ROAD, true));

    private SamplingPolicy() {
    }

    /**
     * The interval until the camera's next analysed picture.
     *
     * @param rules  the camera's rules, resolved per camera and zone
     * @param motion where the last picture changed (the motion gate's finding): a rule about moving things gets the
     *               camera's rate only while one of its own zones moves (a busy pavement does not speed up a road)
     */
    public static long intervalUs(Params p, List<Zone> zones, RulePlan rules, ZoneId timeZone, long wallMs,
                                  Motion motion) {
        if (p.pinned() || !p.enabled()) {
            return p.floorUs();
        }
        boolean still = false;
        for (String rule : rules.rules()) {
            Watch w = WATCHES.get(rule);
            if (!active(rule, w, rules, zones, timeZone, wallMs)) {
                continue;
            }
            // a rule this policy does not know gets the careful rate, on motion anywhere
            if (w == null ? motion.anywhere() : w.moving() && moves(rule, w, rules, zones, wallMs, motion)) {
                return p.floorUs();
            }
            still = true;
        }
        return Math.max(p.floorUs(), still ? p.stillUs() : p.idleUs());
    }

    /** True if a zone the rule watches now changed (any, for a rule that watches the whole picture). */
    private static boolean moves(String rule, Watch w, RulePlan rules, List<Zone> zones, long wallMs, Motion motion) {
        if (rules.params(rule, null).wholePicture()) {
            return motion.anywhere();
        }
        for (Zone z : zones) {
            if (z.type() == w.zone() && z.activeAt(wallMs) && rules.params(rule, z).enabled() && motion.in(z)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The interval zone {@code z} needs now, by the same measure for its own rules: every picture while a rule about
     * moving things watches it and it shows motion ({@code motion}), one per {@code still_s} for the others,
     * {@link Long#MAX_VALUE} where no rule watches it now. Detection on the zones' boxes detects a zone only when it is
     * due.
     */
    public static long zoneIntervalUs(Params p, Zone z, RulePlan rules, ZoneId timeZone, long wallMs, boolean motion) {
        if (p.pinned() || !p.enabled()) {
            return p.floorUs();
        }
        long need = Long.MAX_VALUE;
        for (String rule : rules.rules()) {
            Watch w = WATCHES.get(rule);
            if (w == null && rules.params(rule, null).enabled()) {
                return p.floorUs(); // a rule this policy does not know: the careful rate, everywhere
            }
            if (w == null || w.zone() != z.type() || !active(rule, w, rules, List.of(z), timeZone, wallMs)) {
                continue;
            }
            need = Math.min(need, w.moving() && motion ? p.floorUs() : Math.max(p.floorUs(), p.stillUs()));
        }
        return need;
    }

    private static boolean active(String rule, Watch w, RulePlan rules, List<Zone> zones, ZoneId timeZone,
                                  long wallMs) {
        RuleParams camera = rules.params(rule, null);
        if (!camera.enabled()) {
            return false;
        }
        if (w == null) {
            return true;
        }
        if (!camera.watchesAt(wallMs, timeZone)) {
            return false;
        }
        if (camera.wholePicture()) {
            return true; // the whole picture outside the rule's zones is watched
        }
        for (Zone z : zones) {
            if (z.type() == w.zone() && z.activeAt(wallMs) && rules.params(rule, z).enabled()) {
                return true;
            }
        }
        return false;
    }
}
