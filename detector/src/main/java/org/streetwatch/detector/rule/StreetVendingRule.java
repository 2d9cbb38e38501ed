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
public final class StreetVendingRule extends StationaryGroupRule {

    public static final String NAME = "street_vending";

    public static final RuleType TYPE = new RuleType(NAME, common(180)
            .define(EventCodes.SETTING, Type.STRING, "0501", EventCodes.CODE_FORMAT,
                    EventCodes.doc("街面秩序 / 占道经营"))
            .define("min_persons", Type.INT, 1, Validator.between(0, 100), "People needed in the group")
            .define("min_props", Type.INT, 1, Validator.between(0, 100),
                    "Vending props needed in the group")
            .define("prop_kinds", Type.STRING_LIST, List.of("vending_prop", "stall", "bicycle"),
                    "Kinds that count as vending props; the default model sees a vendor's tricycle or cart as a "
                            + "bicycle, and umbrellas, tables, chairs, benches and suitcases as vending_prop"),
            StreetVendingRule::new);

    private StreetVendingRule(String cameraId, RuleEnv env) {
        super(cameraId, env);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected ZoneType watches() {
        return ZoneType.NO_VENDING;
    }

    @Override
    protected void measure(List<Track> group, Settings p, Measurements into) {
        super.measure(group, p, into);
        long persons = group.stream().filter(t -> t.kind().equals("person")).count();
        into.put("min_persons", persons).put("min_props", group.size() - persons);
    }

    @Override
    protected List<Track> group(Observation o, Zone zone, Settings p) {
        long minStill = o.scene().tracker().stationaryMinUs();
        List<String> propKinds = p.getStringList("prop_kinds");
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
        int minPersons = p.getInt("min_persons");
        int minProps = p.getInt("min_props");
        if (persons.size() < minPersons || props.size() < minProps || persons.size() + props.size() == 0) {
            return List.of();
        }
        List<Track> group = new ArrayList<>(persons);
        group.addAll(props);
        return group;
    }
}
