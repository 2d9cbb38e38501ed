package org.streetwatch.detector.rule;

import java.util.ArrayList;
import java.util.List;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.detector.analysis.Observation;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.ZoneType;

/**
 * Street vending and stalls outside shops (占道经营, 流动摊贩, 店外经营): at least {@code min_persons} people and
 * {@code min_props} vending props (umbrellas, tables, chairs... or an operator model's {@code stall}; {@code prop_kinds}
 * says which) stationary inside a {@code no_vending} zone for {@code dwell_s}, not standing in a
 * {@code vending_allowed} zone during its hours.
 */
public final class StreetVendingRule extends StationaryGroupRule<StreetVendingRule.Params> {

    public static final String NAME = "street_vending";

    public static final String MIN_PERSONS = "min_persons";
    public static final String MIN_PROPS = "min_props";
    public static final String PROP_KINDS = "prop_kinds";

    /** The rule's settings in force in one place. */
    public record Params(Common common, int minPersons, int minProps, List<String> propKinds) implements GroupParams {

        public Params {
            propKinds = List.copyOf(propKinds);
        }

        public static Params of(Settings s) {
            return new Params(Common.of(s), s.getInt(MIN_PERSONS), s.getInt(MIN_PROPS), s.getStringList(PROP_KINDS));
        }
    }

    public static final RuleType<Params> TYPE = new RuleType<>(NAME, common(180)
            .define(EventCodes.SETTING, Type.STRING, "0501", EventCodes.CODE_FORMAT,
                    EventCodes.doc("街面秩序 / 占道经营"))
            .define(MIN_PERSONS, Type.INT, 1, Validator.between(0, 100), "People needed in the group")
            .define(MIN_PROPS, Type.INT, 1, Validator.between(0, 100),
                    "Vending props needed in the group")
            .define(PROP_KINDS, Type.STRING_LIST, List.of("vending_prop", "stall", "bicycle"),
                    "Kinds that count as vending props; the default model sees a vendor's tricycle or cart as a "
                            + "bicycle, and umbrellas, tables, chairs, benches and suitcases as vending_prop"),
            Params::of, StreetVendingRule::new);

    private StreetVendingRule(RuleType<Params> type, String cameraId, RuleEnv env) {
        super(type, cameraId, env);
    }

    @Override
    protected ZoneType watches() {
        return ZoneType.NO_VENDING;
    }

    @Override
    protected void measure(List<Track> group, Params p, Measurements into) {
        super.measure(group, p, into);
        long persons = group.stream().filter(t -> t.kind().equals("person")).count();
        into.put(MIN_PERSONS, persons).put(MIN_PROPS, group.size() - persons);
    }

    @Override
    protected List<Track> group(Observation o, Zone zone, Params p) {
        long minStill = o.scene().tracker().stationaryMinUs();
        List<String> propKinds = p.propKinds();
        List<Track> persons = new ArrayList<>();
        List<Track> props = new ArrayList<>();
        for (Track t : o.tracks()) {
            boolean person = t.kind().equals("person");
            boolean prop = propKinds.contains(t.kind());
            if ((!person && !prop) || !t.seen() || !t.stationary(o.nowUs(), minStill) || !o.inside(t, zone)
                    || o.insideActive(t, ZoneType.VENDING_ALLOWED)) {
                continue;
            }
            (person ? persons : props).add(t);
        }
        if (persons.size() < p.minPersons() || props.size() < p.minProps() || persons.size() + props.size() == 0) {
            return List.of();
        }
        List<Track> group = new ArrayList<>(persons);
        group.addAll(props);
        return group;
    }
}
