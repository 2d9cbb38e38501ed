package org.streetwatch.detector.recheck;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.detector.analysis.Observation;
import org.streetwatch.detector.rule.Rule;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.Still;
import org.streetwatch.violation.Violation;

/**
 * The pending re-checks of every camera. Requests arrive from any thread (a disposition, the start's catch-up) into a
 * per-camera queue; the camera's analysis thread takes them in and judges them on its own frames with the rule's own
 * view of the zone ({@link Rule#standing}), so the re-check runs on the real pipeline. One entry per handled case,
 * and the database holds every handled case (the daemon asks again at each start), so the queue needs no bound of
 * its own and nothing is lost by a restart.
 *
 * <p>A request waits {@code delayUs} of camera time from the first frame that sees it, and for its zone to be active
 * (its schedule); then {@value #FRAMES} frames are judged: the violation in any of them is a recurrence, none in all
 * of them a clear place (one frame could miss an object; three in a row do not).
 */
public final class Rechecks {

    static final int FRAMES = 3;
    private static final Logger LOG = LoggerFactory.getLogger(Rechecks.class);

    /** A request as its camera's analysis thread tracks it. */
    private static final class Pending {
        final Recheck recheck;
        long dueUs = -1;
        final List<Still> stills = new ArrayList<>();

        Pending(Recheck recheck) {
            this.recheck = recheck;
        }
    }

    private final Map<String, Queue<Recheck>> requested = new ConcurrentHashMap<>();
    private final Map<String, List<Pending>> pending = new ConcurrentHashMap<>(); // touched by its camera's thread only
    private final Consumer<Finding> findings;

    /** @param findings told of each verdict on the analysis thread: must be quick (hand the writing off) */
    public Rechecks(Consumer<Finding> findings) {
        this.findings = findings;
    }

    /** Asks for a re-check; safe from any thread. Asking twice for the same case is one re-check. */
    public void request(Recheck r) {
        requested.computeIfAbsent(r.cameraId(), k -> new ConcurrentLinkedQueue<>()).add(r);
    }

    /** On the camera's analysis thread, after its rules saw the frame: judges what is due. */
    public void judge(Observation o, List<Rule> rules) {
        List<Pending> mine = pending.computeIfAbsent(o.cameraId(), k -> new ArrayList<>());
        Queue<Recheck> in = requested.get(o.cameraId());
        for (Recheck r; in != null && (r = in.poll()) != null; ) {
            Recheck next = r;
            if (mine.stream().noneMatch(p -> p.recheck.caseId().equals(next.caseId()))) {
                mine.add(new Pending(r));
            }
        }
        for (Iterator<Pending> it = mine.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.dueUs < 0) {
                p.dueUs = o.nowUs() + p.recheck.delayUs();
            }
            if (o.nowUs() < p.dueUs) {
                continue;
            }
            Rule rule = rules.stream().filter(x -> x.name().equals(p.recheck.rule())).findFirst().orElse(null);
            Zone zone = o.scene().zones().stream().filter(z -> z.id().equals(p.recheck.zone())).findFirst()
                    .orElse(null);
            if (rule == null || zone == null) {
                LOG.warn("case {}: cannot re-check: camera {} has no {} zone {} any more", p.recheck.caseId(),
                        o.cameraId(), p.recheck.rule(), p.recheck.zone());
                it.remove();
                continue;
            }
            if (!zone.activeAt(o.wallMs())) {
                continue; // outside the zone's hours the rule does not judge it either
            }
            Violation standing = rule.standing(o, zone);
            p.stills.add(standing != null ? standing.stills().get(standing.stills().size() - 1)
                    : o.still(List.of(), zone));
            if (standing != null || p.stills.size() >= FRAMES) {
                it.remove();
                findings.accept(new Finding(p.recheck, List.copyOf(p.stills), standing));
            }
        }
    }
}
