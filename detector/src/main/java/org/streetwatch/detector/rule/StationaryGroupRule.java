package org.streetwatch.detector.rule;

import static org.streetwatch.detector.rule.RuleParams.ENABLED;
import static org.streetwatch.detector.rule.RuleParams.micros;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.detector.analysis.Observation;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.Box;
import org.streetwatch.violation.NearMiss;
import org.streetwatch.violation.Still;
import org.streetwatch.violation.Violation;
import org.streetwatch.violation.ViolationSink;
import org.streetwatch.violation.ZoneType;

/**
 * The life of a violation made of objects that stay put in a zone (a stall, a heap of parked bikes): a group forms, is
 * watched for {@code dwell_s}, is confirmed, and ends when it has been gone for {@code merge_s} (a shorter gap — a
 * vendor stepping behind a van — is the same violation). After it ends, the zone stays quiet for {@code cooldown_s}.
 *
 * <p>Evidence follows traffic-evidence practice: a picture when the group forms and one at confirmation, at least
 * {@code snapshot_gap_s} apart, so a reviewer sees the same objects in the same place twice. One candidate per zone:
 * one open violation per camera, rule and zone. A group that matches a violation a reviewer rejected (same place,
 * similar look) is watched but never confirmed.
 *
 * <p>Where the zone names a responsible unit (门前三包) and {@code grace_s} is set, the group at confirmation is first a
 * warning to the unit ({@link ViolationSink#warned}); the violation follows only if the group still stands
 * {@code grace_s} later (gaps bridged by {@code merge_s} as always).
 *
 * <p>A case carries what the group measured when it was confirmed ({@code dwell_s} reached, and what the rule counts);
 * a group that stood at least half of {@code dwell_s} and dissolved before it is a {@link NearMiss} with what it
 * measured when last seen.
 */
public abstract class StationaryGroupRule<P extends StationaryGroupRule.GroupParams> implements Rule {

    public static final String DWELL_S = "dwell_s";
    public static final String MERGE_S = "merge_s";
    public static final String COOLDOWN_S = "cooldown_s";
    public static final String SNAPSHOT_GAP_S = "snapshot_gap_s";
    /** The setting that makes a rule's handled cases re-checked. */
    public static final String RECHECK = "recheck_s";
    /** The grace period of a responsible unit. */
    public static final String GRACE = "grace_s";

    /** The settings every stationary rule has. */
    protected static ConfigDef common(double dwellDefault) {
        return new ConfigDef()
                .define(ENABLED, Type.BOOLEAN, true, "Whether the rule runs")
                .define(DWELL_S, Type.DOUBLE, dwellDefault, Validator.between(0, 86_400),
                        "Seconds the objects must stay before the violation is confirmed")
                .define(MERGE_S, Type.DOUBLE, 30.0, Validator.between(0, 3600),
                        "A gap shorter than this (objects hidden or gone) is still the same violation")
                .define(COOLDOWN_S, Type.DOUBLE, 600.0, Validator.between(0, 86_400),
                        "After a violation ends, no new one in the same zone for this long")
                .define(SNAPSHOT_GAP_S, Type.DOUBLE, 10.0, Validator.between(10, 3600),
                        "Least time between the first and the confirming snapshot (evidence practice: 10 s)")
                .define(RECHECK, Type.DOUBLE, 600.0, Validator.between(0, 7 * 86_400),
                        "After the command centre reports a case handled, the place is looked at again this much "
                                + "camera time later: verified if clear, recurred (a new case) if not")
                .define(GRACE, Type.DOUBLE, 0.0, Validator.between(0, 7 * 86_400),
                        "In a zone with a responsible unit (门前三包): the first sighting is a warning to the unit, and "
                                + "a violation follows only if it is still there this long after (0: no grace)");
    }

    /**
     * The settings of {@link #common} in microseconds of camera time, and the event code every rule declares: the part
     * every stationary rule's params hold.
     */
    public record Common(boolean enabled, String eventCode, long dwellUs, long mergeUs, long cooldownUs,
                         long snapshotGapUs, long recheckUs, long graceUs) {

        public static Common of(Settings s) {
            return new Common(s.getBoolean(ENABLED), s.getString(EventCodes.SETTING), micros(s, DWELL_S),
                    micros(s, MERGE_S), micros(s, COOLDOWN_S), micros(s, SNAPSHOT_GAP_S), micros(s, RECHECK),
                    micros(s, GRACE));
        }
    }

    /** A stationary rule's parameters: the {@link Common} part, and the rule's own beside it. */
    public interface GroupParams extends RuleParams {

        Common common();

        @Override
        default boolean enabled() {
            return common().enabled();
        }

        @Override
        default String eventCode() {
            return common().eventCode();
        }
    }

    /** A group that may become a violation. */
    private static final class Candidate {
        final long onsetUs;
        final long onsetWallMs;
        final Still first;
        long lastSeenUs;
        Violation warning;
        Map<String, Double> measured = Map.of();
        Violation confirmed;

        Candidate(long onsetUs, long onsetWallMs, Still first, long nowUs) {
            this.onsetUs = onsetUs;
            this.onsetWallMs = onsetWallMs;
            this.first = first;
            this.lastSeenUs = nowUs;
        }
    }

    private final RuleType<P> type;
    private final String cameraId;
    private final RuleEnv env;
    private final Map<String, Candidate> candidates = new HashMap<>();
    private final Map<String, Long> quietUntilUs = new HashMap<>();

    protected StationaryGroupRule(RuleType<P> type, String cameraId, RuleEnv env) {
        this.type = type;
        this.cameraId = cameraId;
        this.env = env;
    }

    @Override
    public String name() {
        return type.name();
    }

    /** The zones this rule watches in this frame. */
    protected List<Zone> zones(Observation o, P cameraParams) {
        return o.scene().zones(watches());
    }

    /** The zone type this rule watches. */
    protected abstract ZoneType watches();

    /**
     * The group that currently satisfies the rule in the zone, or an empty list if the condition does not hold. Only
     * objects detected in this very frame count: a missed frame is bridged by {@code merge_s}, and a picture in
     * which the objects are not visible must never confirm (or be compared with a rejected case).
     */
    protected abstract List<Track> group(Observation o, Zone zone, P params);

    /** What the rule counts in the group, beyond the time it stood (each rule names its own, {@link Measurements}). */
    protected void measure(List<Track> group, P params, Measurements into) {
        into.scores(group);
    }

    /** Counts per kind, and finer ones (per bike brand) where a rule knows them. */
    protected Map<String, Integer> counts(Observation o, List<Track> group, P params) {
        Map<String, Integer> out = new TreeMap<>();
        for (Track t : group) {
            out.merge(t.kind(), 1, Integer::sum);
        }
        return out;
    }

    @Override
    public void evaluate(Observation o, ViolationSink sink) {
        if (!o.scene().enabled(name())) {
            return;
        }
        long now = o.nowUs();
        List<Zone> watched = zones(o, o.scene().params(type, null));
        for (Zone zone : watched) {
            P p = o.scene().params(type, zone);
            Common common = p.common();
            Candidate c = candidates.get(zone.id());
            if (c != null && now - c.lastSeenUs > common.mergeUs()) {
                // gone for longer than merge_s, whether or not it is back in this picture: with pictures seconds
                // apart, the first to see the gap past merge_s may be the one that sees a group again
                close(zone, c, common, sink);
                c = null;
            }
            Long quiet = quietUntilUs.get(zone.id());
            boolean cooling = c == null && quiet != null && now < quiet;
            List<Track> group = zone.activeAt(o.wallMs()) && !cooling ? group(o, zone, p) : List.of();
            if (!group.isEmpty()) {
                if (c == null) {
                    long onset = now;
                    for (Track t : group) {
                        onset = Math.min(onset, t.stationarySinceUs());
                    }
                    c = new Candidate(onset, o.wallMs(onset), o.still(group, zone), now);
                    candidates.put(zone.id(), c);
                }
                c.lastSeenUs = now;
                Measurements m = new Measurements().seconds(DWELL_S, c.onsetUs, now);
                measure(group, p, m);
                c.measured = m.toMap();
                long graceUs = zone.unit() == null ? 0 : common.graceUs();
                boolean graced = c.warning == null || now - c.warning.confirmUs() >= graceUs;
                if (c.confirmed == null && now - c.onsetUs >= common.dwellUs()
                        && now - c.first.ptsUs() >= common.snapshotGapUs() && graced) {
                    Box area = o.area(group);
                    float[] look = o.appearance(area);
                    if (!env.suppressions().suppressed(cameraId, name(), zone.id(), area, o::appearance, o.wallMs())) {
                        String id = cameraId + "-" + name() + "-" + zone.id() + "-" + c.onsetUs;
                        Violation v = violation(o, zone, c, group, p, area, look,
                                c.warning == null && graceUs > 0 ? id + Violation.WARNING : id,
                                List.of(c.first, o.still(group, zone))).measured(c.measured);
                        if (c.warning == null && graceUs > 0) {
                            c.warning = v;
                            sink.warned(v);
                        } else {
                            c.confirmed = v;
                            sink.confirmed(v);
                        }
                    }
                }
            }
        }
        // a zone deleted or renamed (the zone editor, a config edit): what it had raised ends with it
        candidates.entrySet().removeIf(e -> {
            boolean gone = watched.stream().noneMatch(z -> z.id().equals(e.getKey()));
            if (gone) {
                ended(e.getValue(), sink);
            }
            return gone;
        });
    }

    /** The group has been gone for longer than {@code merge_s}: what it was ends, and a confirmed one cools down. */
    private void close(Zone zone, Candidate c, Common common, ViolationSink sink) {
        candidates.remove(zone.id());
        ended(c, sink);
        if (c.confirmed != null) {
            quietUntilUs.put(zone.id(), c.lastSeenUs + common.cooldownUs());
        } else if (c.warning == null && c.lastSeenUs - c.onsetUs >= common.dwellUs() / 2.0) {
            sink.nearMiss(new NearMiss(cameraId, name(), zone.id(), c.onsetUs, c.onsetWallMs,
                    unconfirmed(c.lastSeenUs - c.onsetUs, common.dwellUs()), c.measured));
        }
    }

    private Violation violation(Observation o, Zone zone, Candidate c, List<Track> group, P p, Box area,
                                float[] look, String id, List<Still> stills) {
        long now = o.nowUs();
        List<String> objects = new ArrayList<>();
        for (Track t : group) {
            objects.add(t.toString());
        }
        Map<String, Integer> counts = new LinkedHashMap<>(counts(o, group, p));
        return new Violation(id, cameraId, name(), zone.id(), zone.type(), zone.place(), zone.unit(), c.onsetUs,
                c.onsetWallMs, now, o.wallMs(), now, now, counts, List.copyOf(objects), stills, true, area, look);
    }

    @Override
    public Violation standing(Observation o, Zone zone) {
        P p = o.scene().params(type, zone);
        List<Track> group = group(o, zone, p);
        if (group.isEmpty()) {
            return null;
        }
        long onset = o.nowUs();
        for (Track t : group) {
            onset = Math.min(onset, t.stationarySinceUs());
        }
        Still now = o.still(group, zone);
        Candidate c = new Candidate(onset, o.wallMs(onset), now, o.nowUs());
        Box area = o.area(group);
        // its own id (the objects may be the very ones of the handled case) and one still, the frame judged: the
        // handled case is its "before"
        return violation(o, zone, c, group, p, area, o.appearance(area),
                cameraId + "-" + name() + "-" + zone.id() + "-recheck-" + o.nowUs(), List.of(now));
    }

    /** Why a group that stood {@code stoodUs} left no case. */
    private static String unconfirmed(long stoodUs, long dwellUs) {
        long stood = Math.round(stoodUs / 1e6);
        return stoodUs < dwellUs ? "a group stood " + stood + " s of " + Math.round(dwellUs / 1e6) + " s and left"
                : "a group stood " + stood + " s and left unconfirmed (before its second snapshot, or like a "
                        + "rejected case)";
    }

    static long wallOf(Violation v, long cameraUs) {
        return v.confirmWallMs() + (cameraUs - v.confirmUs()) / 1000;
    }

    @Override
    public void end(ViolationSink sink) {
        for (Candidate c : candidates.values()) {
            ended(c, sink);
        }
        candidates.clear();
    }

    /** What the candidate raised (a warning: the unit complied, or what followed ends with it) ends when last seen. */
    private static void ended(Candidate c, ViolationSink sink) {
        if (c.warning != null) {
            sink.ended(c.warning, c.lastSeenUs, wallOf(c.warning, c.lastSeenUs));
        }
        if (c.confirmed != null) {
            sink.ended(c.confirmed, c.lastSeenUs, wallOf(c.confirmed, c.lastSeenUs));
        }
    }
}
