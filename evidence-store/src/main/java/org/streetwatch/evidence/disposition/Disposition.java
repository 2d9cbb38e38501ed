package org.streetwatch.evidence.disposition;

import java.time.Instant;
import java.util.Locale;
import org.streetwatch.evidence.cases.CaseStatus;

/**
 * One step the command centre reports for a case.
 *
 * @param step       {@link CaseStatus#DISPATCHED} or {@link CaseStatus#HANDLED}
 * @param by         the team or officer, or null
 * @param note       free text, or null
 * @param reportedAt when the command centre recorded it, or null
 */
public record Disposition(String caseId, CaseStatus step, String by, String note, Instant reportedAt) {

    /** Longest team name or note kept (a one-line field, not a document). */
    static final int MAX_TEXT = 500;

    public Disposition {
        if (caseId == null || caseId.isBlank()) {
            throw new IllegalArgumentException("a disposition names a case_id");
        }
        if (step != CaseStatus.DISPATCHED && step != CaseStatus.HANDLED) {
            throw new IllegalArgumentException("step is dispatched or handled");
        }
        by = line("by", by);
        note = line("note", note);
    }

    /** A step by its name: dispatched or handled. */
    public static CaseStatus step(String name) {
        if (name == null) {
            throw new IllegalArgumentException("step is dispatched or handled");
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "dispatched" -> CaseStatus.DISPATCHED;
            case "handled" -> CaseStatus.HANDLED;
            default -> throw new IllegalArgumentException("step is dispatched or handled, not " + name);
        };
    }

    /** A disposition as the Protobuf message carries it. */
    public static Disposition of(org.streetwatch.evidence.export.proto.Disposition m) {
        CaseStatus step = switch (m.getStep()) {
            case DISPATCHED -> CaseStatus.DISPATCHED;
            case HANDLED -> CaseStatus.HANDLED;
            default -> throw new IllegalArgumentException("step is dispatched or handled, not " + m.getStep());
        };
        return new Disposition(m.getCaseId(), step, m.getBy(), m.getNote(),
                m.hasAt() ? Instant.ofEpochSecond(m.getAt().getSeconds(), m.getAt().getNanos()) : null);
    }

    /** The audit trail's detail: who, what they said, when they said it happened. */
    String detail() {
        StringBuilder d = new StringBuilder();
        if (by != null) {
            d.append("by ").append(by);
        }
        if (note != null) {
            d.append(d.length() > 0 ? ": " : "").append(note);
        }
        if (reportedAt != null) {
            d.append(d.length() > 0 ? " " : "").append("(reported ").append(reportedAt).append(')');
        }
        return d.length() == 0 ? null : d.toString();
    }

    private static String line(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        if (t.length() > MAX_TEXT || t.chars().anyMatch(ch -> ch < 0x20)) {
            throw new IllegalArgumentException(field + " is one line of at most " + MAX_TEXT + " characters");
        }
        return t;
    }
}
