package org.streetwatch.violation;

import java.util.Locale;

/** What a zone means to the rules. */
public enum ZoneType {
    /** Street vending and stalls outside shops are not allowed here. */
    NO_VENDING,
    /** A designated night-market area: vending allowed while its schedule is active. */
    VENDING_ALLOWED,
    /** Shared bikes must not be parked here. */
    NO_BIKE_PARKING,
    /** A designated bike bay. */
    BIKE_PARKING,
    /** A storm drain inlet: watched for waste water. */
    DRAIN,
    /** Carriageway: watched for muck trucks. */
    ROAD,
    /** Nothing may be stored or piled here (乱堆物料, 暴露垃圾, goods outside a shop). */
    NO_STORAGE,
    /** Nothing may be hung here (沿街晾挂: laundry, banners on railings and trees). */
    NO_HANGING,
    /** Ignored: objects standing here are not tracked (billboards, reflections, private ground). */
    MASK;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ZoneType of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }

    public static String[] keys() {
        ZoneType[] all = values();
        String[] out = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            out[i] = all[i].key();
        }
        return out;
    }
}
