package org.streetwatch.daemon.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.daemon.testing.ReviewClient;
import org.streetwatch.daemon.wiring.Daemon;
import org.streetwatch.ingest.testing.SharedData;
import org.streetwatch.review.auth.Role;
import tools.jackson.databind.JsonNode;

/**
 * A history of real decided cases to tune from: vendors with carts composited into the campus footage, standing in
 * two no-vending zones for known stretches (some long, some short, one too short to be a case), run through the whole
 * pipeline (model, tracker, street-vending rule, case writers), every case then decided through the review API by a
 * reviewer: the stands that began between 33 s and 52 s into the footage rejected as customers waiting, the rest
 * confirmed. The daemon keeps running (the page needs it) until closed. Users: {@link #REVIEWER}, {@link #OPERATOR}.
 */
public final class SeededHistory implements AutoCloseable {

    public static final String REVIEWER = "li.wei";
    public static final String OPERATOR = "wang.fang";
    public static final String REJECTED_AS = "customer waiting, not a vendor";
    public static final String CAMERA = "market-1";
    private static final String START = "2026-11-27T10:00:00+08:00";
    private static final long START_MS = OffsetDateTime.parse(START).toInstant().toEpochMilli();

    public final Path config;
    public final Daemon daemon;
    /** Every case as the API lists it after the decisions, in id order. */
    public final List<JsonNode> cases;

    private SeededHistory(Path config, Daemon daemon, List<JsonNode> cases) {
        this.config = config;
        this.daemon = daemon;
        this.cases = cases;
    }

    /** Vendor and cart, each stand {@code [from, to)} seconds, the vendor at {@code x} and the cart beside. */
    private static Scenario stands(Scenario s, double x, double... fromTo) {
        for (int i = 0; i < fromTo.length; i += 2) {
            s.place(Scenes.person(160), fromTo[i], fromTo[i + 1], x, 0.95)
                    .place(Scenes.bike(), fromTo[i], fromTo[i + 1], x + 0.2, 0.95);
        }
        return s;
    }

    public static SeededHistory seed(Path dir) throws Exception {
        Scenario market = new Scenario("tuning-market", Scenes.vtest(), 0, 79, 1);
        stands(market, 0.62, 1, 19, 25, 33, 39, 54, 60, 78); // shopfront: 18 s, 8 s (a near miss), 15 s, 18 s
        stands(market, 0.12, 5, 30, 36, 50, 56, 78);         // corner: 25 s, 14 s, 22 s
        Path video = market.render(Scenes.dir());
        Path config = dir.resolve("streetwatch.yaml");
        Files.writeString(config, Scenes.CONFIG_HEAD.replace("MODELS", SharedData.models().toString())
                // a vendor leaving is gone after 2 s, so the next stand is a new violation
                .replace("tracker: {stationary_min_s: 3}", "tracker: {stationary_min_s: 3, max_missed_s: 2}") + """
                rules:
                  street_vending: {dwell_s: 10, merge_s: 4, cooldown_s: 0}
                cameras:
                  - id: CAMERA
                    url: "VIDEO"
                    start_time: "START"
                    zones:
                      - {id: shopfront, type: no_vending, polygon: [[0.45, 0.6], [1, 0.6], [1, 1], [0.45, 1]]}
                      - {id: corner, type: no_vending, polygon: [[0, 0.6], [0.45, 0.6], [0.45, 1], [0, 1]]}
                """.replace("CAMERA", CAMERA).replace("VIDEO", video.toString()).replace("START", START));
        StreetwatchConfig cfg = ConfigLoader.load(config);
        ReviewClient.addUser(cfg, REVIEWER, Role.REVIEWER);
        ReviewClient.addUser(cfg, OPERATOR, Role.OPERATOR);
        Daemon daemon = Daemon.start(cfg, true);
        try {
            daemon.awaitFilesDone(Duration.ofMinutes(5));
            ReviewClient api = new ReviewClient(daemon.httpPort()).login(REVIEWER);
            for (JsonNode c : list(api)) {
                double startS = (Instant.parse(c.get("start").asString()).toEpochMilli() - START_MS) / 1000.0;
                if (startS >= 33 && startS < 52) {
                    api.review(c.get("id").asString(), "reject", REJECTED_AS);
                } else {
                    api.review(c.get("id").asString(), "confirm", "vendor in the zone");
                }
            }
            return new SeededHistory(config, daemon, list(api));
        } catch (Exception | AssertionError e) {
            daemon.close();
            throw e;
        }
    }

    private static List<JsonNode> list(ReviewClient api) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/cases?limit=1000").get("cases").forEach(out::add);
        out.sort(Comparator.comparing(c -> c.get("id").asString()));
        return List.copyOf(out);
    }

    public ReviewClient login(String user) throws Exception {
        return new ReviewClient(daemon.httpPort()).login(user);
    }

    @Override
    public void close() {
        daemon.close();
    }
}
