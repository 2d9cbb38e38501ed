package org.streetwatch.detector.rule;

import java.util.List;

/** Every rule streetwatch knows, in the order they run. */
public final class Rules {

    public static final List<RuleType> ALL = List.of(StreetVendingRule.TYPE, MisparkedBikesRule.TYPE,
            UncoveredMuckTruckRule.TYPE, WasteWaterRule.TYPE, StationaryObjectRule.STORAGE,
            StationaryObjectRule.HANGING);

    private Rules() {
    }
}
