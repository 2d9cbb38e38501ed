package org.streetwatch.detector.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.detector.analysis.Observation;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.zone.Polygon;
import org.streetwatch.detector.zone.Schedule;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.Box;
import org.streetwatch.violation.ZoneType;

/**
 * Shared bikes parked outside designated areas (共享单车乱停放): at least {@code min_bikes} bicycles stationary for
 * {@code dwell_s} inside a {@code no_bike_parking} zone — or, with {@code outside_bays}, anywhere in the picture that is
 * not a {@code bike_parking} zone. The case counts the bikes per operator (from their colour), because the fine goes
 * to the company. Bikes in a parked row hide each other: a box wider than one bike counts as the row it holds
 * ({@code bike_width}, {@code row_overlap}). A bike under a person is being ridden or wheeled, and does not count.
 */
public final class MisparkedBikesRule extends StationaryGroupRule<MisparkedBikesRule.Params> {

    public static final String NAME = "misparked_bikes";

    /** The zone id of "everywhere outside the bike bays". */
    public static final String OUTSIDE_BAYS_ZONE = "outside-bays";

    private static final Zone WHOLE_PICTURE = new Zone(OUTSIDE_BAYS_ZONE, ZoneType.NO_BIKE_PARKING,
            new Polygon(List.of(new double[] {0, 0}, new double[] {1, 0}, new double[] {1, 1}, new double[] {0, 1})),
            null, null, Schedule.ALWAYS, Map.of());

    /** Meituan yellow, HelloBike blue, Qingju (Didi) green; ordered, so the reference reads the same every time. */
    private static final Map<String, String> DEFAULT_PALETTE;

    static {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("meituan", "40-65");
        p.put("hellobike", "195-225");
        p.put("qingju", "95-150");
        DEFAULT_PALETTE = java.util.Collections.unmodifiableMap(p);
    }

    public static final String MIN_BIKES = "min_bikes";
    public static final String OUTSIDE_BAYS = "outside_bays";
    public static final String PALETTE = "palette";
    public static final String MIN_SATURATION = "min_saturation";
    public static final String MIN_SHARE = "min_share";
    public static final String BIKE_WIDTH = "bike_width";
    public static final String ROW_OVERLAP = "row_overlap";
    public static final String WITH_PERSON = "with_person";

    /**
     * The rule's settings in force in one place.
     *
     * @param palette operator to hue range of its livery, "LO-HI" in degrees
     */
    public record Params(Common common, int minBikes, boolean outsideBays, Map<String, String> palette,
                         double minSaturation, double minShare, double bikeWidth, double rowOverlap,
                         double withPerson) implements GroupParams {

        public static Params of(Settings s) {
            return new Params(Common.of(s), s.getInt(MIN_BIKES), s.getBoolean(OUTSIDE_BAYS), s.getStringMap(PALETTE),
                    s.getDouble(MIN_SATURATION), s.getDouble(MIN_SHARE), s.getDouble(BIKE_WIDTH),
                    s.getDouble(ROW_OVERLAP), s.getDouble(WITH_PERSON));
        }

        @Override
        public boolean wholePicture() {
            return outsideBays;
        }
    }

    public static final RuleType<Params> TYPE = new RuleType<>(NAME, common(300)
            .define(EventCodes.SETTING, Type.STRING, "0506", EventCodes.CODE_FORMAT,
                    EventCodes.doc("街面秩序 / 非机动车乱停放"))
            .define(MIN_BIKES, Type.INT, 3, Validator.between(1, 1000), "Bicycles needed in the group")
            .define(OUTSIDE_BAYS, Type.BOOLEAN, false,
                    "Also watch the whole picture outside bike_parking zones, not only no_bike_parking zones")
            .define(PALETTE, Type.STRING_MAP, DEFAULT_PALETTE, BikeBrands.PALETTE,
                    "Operator to hue range in degrees of its bikes' livery (LO-HI)")
            .define(MIN_SATURATION, Type.DOUBLE, 0.35, Validator.between(0, 1),
                    "Saturation a pixel needs to count towards a livery colour")
            .define(MIN_SHARE, Type.DOUBLE, 0.12, Validator.between(0, 1),
                    "Fraction of a bike's box in its operator's colour; below it the bike counts as unknown")
            .define(BIKE_WIDTH, Type.DOUBLE, 1.7, Validator.between(0.1, 10),
                    "Width of one bike seen side on, in its heights; a wider box is a row of bikes hiding each other")
            .define(ROW_OVERLAP, Type.DOUBLE, 0.5, Validator.between(0, 0.95),
                    "How much of each bike the next one in a parked row hides")
            .define(WITH_PERSON, Type.DOUBLE, 0.3, Validator.between(0, 1),
                    "A bike with this much of its box under a person's is being ridden or wheeled, not parked"),
            Params::of, MisparkedBikesRule::new);

    private MisparkedBikesRule(RuleType<Params> type, String cameraId, RuleEnv env) {
        super(type, cameraId, env);
    }

    @Override
    protected ZoneType watches() {
        return ZoneType.NO_BIKE_PARKING;
    }

    @Override
    protected List<Zone> zones(Observation o, Params cameraParams) {
        List<Zone> zones = new ArrayList<>(super.zones(o, cameraParams));
        if (cameraParams.outsideBays()) {
            zones.add(WHOLE_PICTURE);
        }
        return zones;
    }

    @Override
    protected List<Track> group(Observation o, Zone zone, Params p) {
        long minStill = o.scene().tracker().stationaryMinUs();
        List<Track> people = new ArrayList<>();
        for (Track t : o.tracks()) {
            if (t.kind().equals("person") && t.seen()) {
                people.add(t);
            }
        }
        List<Track> bikes = new ArrayList<>();
        int count = 0;
        for (Track t : o.tracks()) {
            if (t.kind().equals("bicycle") && t.seen() && t.stationary(o.nowUs(), minStill) && o.inside(t, zone)
                    && !o.insideActive(t, ZoneType.BIKE_PARKING) && !withPerson(t, people, p.withPerson())) {
                bikes.add(t);
                count += bikesIn(t, p);
            }
        }
        return count >= p.minBikes() ? bikes : List.of();
    }

    @Override
    protected void measure(List<Track> group, Params p, Measurements into) {
        super.measure(group, p, into);
        into.put(MIN_BIKES, group.stream().mapToInt(t -> bikesIn(t, p)).sum());
    }

    /**
     * How many bikes a box holds: parked in a row, bikes hide each other and the detector sees one wide box. Each bike
     * beyond the first adds its width less the part the one before hides; a box no wider than one bike is one.
     */
    static int bikesIn(Track t, Params p) {
        double one = p.bikeWidth() * t.box().height();
        double more = (t.box().width() - one) / (one * (1 - p.rowOverlap()));
        return 1 + (int) Math.max(0, Math.round(more));
    }

    /** True if a person covers enough of the bike to be riding or wheeling it. */
    private static boolean withPerson(Track bike, List<Track> people, double share) {
        for (Track person : people) {
            Box b = bike.box();
            Box q = person.box();
            float ix = Math.min(b.x2(), q.x2()) - Math.max(b.x1(), q.x1());
            float iy = Math.min(b.y2(), q.y2()) - Math.max(b.y1(), q.y1());
            if (ix > 0 && iy > 0 && b.area() > 0 && ix * iy >= share * b.area()) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Map<String, Integer> counts(Observation o, List<Track> group, Params p) {
        Map<String, Integer> out = new TreeMap<>();
        for (Track t : group) {
            String brand = BikeBrands.classify(o.image(), t.box().scale(o.scale()), p.palette(),
                    p.minSaturation(), p.minShare());
            int n = bikesIn(t, p);
            out.merge("bicycle", n, Integer::sum);
            out.merge("bicycle:" + brand, n, Integer::sum);
        }
        return out;
    }
}
