package org.streetwatch.review.api;

import org.streetwatch.evidence.cases.Reviews;
import org.streetwatch.evidence.export.Exporter;
import org.streetwatch.evidence.nearmiss.NearMisses;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.review.auth.Sessions;
import org.streetwatch.review.auth.Users;
import org.streetwatch.review.http.Router;

/** Everything people reach over HTTP: the review page and the JSON API under {@code /api} (see the README). */
public final class ReviewApi {

    private ReviewApi() {
    }

    /**
     * @param exporter   the export queue shown to operators, or null when nothing is exported
     * @param nearMisses the rules' near misses
     */
    public static void register(Router router, Reviews reviews, EvidenceFolder folder, Users users, Sessions sessions,
                                boolean secureCookie, Exporter exporter, NearMisses nearMisses) {
        register(router, reviews, c -> folder, users, sessions, secureCookie, exporter, nearMisses);
    }

    /** @param folders where each case's files are (on a fleet, the folder of the node that wrote it) */
    public static void register(Router router, Reviews reviews, CaseFolders folders, Users users, Sessions sessions,
                                boolean secureCookie, Exporter exporter, NearMisses nearMisses) {
        Access access = new Access(sessions, secureCookie);
        new ReviewPage().register(router);
        new SessionApi(users, access).register(router);
        new CasesApi(reviews, folders, access).register(router);
        new StatsApi(reviews.store(), access).register(router);
        new ExportApi(exporter, reviews.store(), access).register(router);
        new NearMissesApi(nearMisses, access).register(router);
    }
}
