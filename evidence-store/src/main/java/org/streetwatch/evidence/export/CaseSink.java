package org.streetwatch.evidence.export;

import java.util.Collection;
import java.util.Set;
import org.streetwatch.evidence.export.proto.CaseReport;

/** Where confirmed cases go: the command centre's Kafka topic, its webhook, or a folder it collects from. */
public interface CaseSink extends AutoCloseable {

    /** Short name for logs, metrics and the audit trail: kafka, webhook, folder. */
    String name();

    /**
     * Delivers one report and returns once the receiver acknowledged it, with a receipt for the audit trail (where it
     * landed). Throws if it was not acknowledged; the report may still have arrived, which {@link #alreadyHas} settles.
     */
    String deliver(CaseReport report) throws Exception;

    /**
     * Which of these case ids the receiver already holds: those delivered just before a crash or an unclear failure,
     * acknowledged there but not yet marked here. Sinks that cannot tell return an empty set and rely on the
     * receiver deduplicating by case id.
     *
     * @param sinceMs the earliest time any of them can have been sent
     */
    Set<String> alreadyHas(Collection<String> caseIds, long sinceMs) throws Exception;

    @Override
    void close();
}
