package org.streetwatch.detector.rule;

import org.streetwatch.config.Validator;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.BureauCodes;

/** The {@code event_code} setting every rule declares, and the {@link BureauCodes} it and a zone give a violation. */
public final class EventCodes {

    private EventCodes() {
    }

    /** The setting every rule declares: its event code, overridable per camera and zone like its other settings. */
    public static final String SETTING = "event_code";

    public static final Validator CODE_FORMAT = Validator.matches("\\d{4}(\\d{2})?",
            "4 digits (class + subclass, e.g. 0501), or 6 with a local detail class");

    /**
     * What {@link #SETTING} means, with what its default stands for. The defaults follow GB/T 30428.2's layout but are
     * placeholders: a deployment replaces them with its bureau's own table.
     */
    public static String doc(String defaultMeaning) {
        return "Command centre (数字城管) event code, GB/T 30428.2 style; the default (" + defaultMeaning
                + ") is a placeholder for the bureau's own table";
    }

    /** The codes of a violation whose rule's settings in force say {@code code}, in {@code zone} (or none). */
    public static BureauCodes of(String code, Zone zone) {
        return zone == null ? new BureauCodes(code.substring(0, 2), code, null, null, null)
                : new BureauCodes(code.substring(0, 2), code, zone.grid(), zone.longitude(), zone.latitude());
    }
}
