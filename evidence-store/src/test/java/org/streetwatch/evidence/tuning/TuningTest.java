package org.streetwatch.evidence.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A small history counted by hand: five decided stalls and four near misses against dwell_s and min_persons. */
class TuningTest {

    private static final Map<String, Object> IN_FORCE = Map.of("dwell_s", 10.0, "min_persons", 1, "merge_s", 30.0,
            "enabled", true, "prop_kinds", List.of("stall"));

    private static Tuning.Decided decided(boolean confirmed, double dwell, double persons) {
        return new Tuning.Decided(confirmed, Map.of("dwell_s", dwell, "min_persons", persons, "score_min", 0.5));
    }

    private static final List<Tuning.Decided> DECIDED = List.of(
            decided(true, 40, 2), decided(true, 25, 1), decided(false, 12, 1), decided(false, 15, 3),
            decided(true, 60, 1));

    private static final List<Map<String, Double>> NEAR_MISSES = List.of(
            Map.of("dwell_s", 7.0, "min_persons", 1.0), // short of dwell_s: added below 7
            Map.of("dwell_s", 6.0, "min_persons", 2.0), // short of dwell_s: added below 6
            Map.of("dwell_s", 4.0, "min_persons", 0.0), // short of both: lowering one adds nothing
            Map.of("dwell_s", 20.0, "min_persons", 2.0)); // short of neither (no one to blame): never added

    private static Tuning.Result result(List<Tuning.Result> all, String setting) {
        return all.stream().filter(r -> r.setting().equals(setting)).findFirst().orElseThrow();
    }

    @Test
    void eachCandidateValueKeepsTheCasesThatReachedIt() {
        List<Tuning.Result> all = Tuning.tune(IN_FORCE, DECIDED, NEAR_MISSES, 0.8);
        assertThat(all).extracting(Tuning.Result::setting).as("only measured numeric settings")
                .containsExactly("dwell_s", "min_persons");
        Tuning.Result dwell = result(all, "dwell_s");
        assertThat(dwell.rows()).containsExactly(
                new Tuning.Row(6, 3, 2, 2), new Tuning.Row(7, 3, 2, 1), new Tuning.Row(10, 3, 2, 0),
                new Tuning.Row(12, 3, 2, 0), new Tuning.Row(15, 3, 1, 0), new Tuning.Row(20, 3, 0, 0),
                new Tuning.Row(25, 3, 0, 0), new Tuning.Row(40, 2, 0, 0), new Tuning.Row(60, 1, 0, 0));
        assertThat(dwell.integral()).isFalse();
        assertThat(dwell.rows().get(4).precision()).isEqualTo(0.75);
    }

    @Test
    void thePickKeepsTheMostConfirmedAtTheTargetAndMovesLeast() {
        Tuning.Result dwell = result(Tuning.tune(IN_FORCE, DECIDED, NEAR_MISSES, 0.8), "dwell_s");
        // 20 and 25 both keep all three confirmed and no rejected: 20 is nearer the 10 in force
        assertThat(dwell.pick()).isEqualTo(new Tuning.Row(20, 3, 0, 0));
        assertThat(dwell.changes()).isTrue();
    }

    @Test
    void noValueReachingTheTargetPicksNothing() {
        Tuning.Result persons = result(Tuning.tune(IN_FORCE, DECIDED, NEAR_MISSES, 0.8), "min_persons");
        assertThat(persons.integral()).isTrue();
        assertThat(persons.rows()).containsExactly(new Tuning.Row(1, 3, 2, 0), new Tuning.Row(2, 1, 1, 0),
                new Tuning.Row(3, 0, 1, 0));
        assertThat(persons.pick()).isNull();
        assertThat(persons.changes()).isFalse();
        Tuning.Result lax = result(Tuning.tune(IN_FORCE, DECIDED, NEAR_MISSES, 0.5), "min_persons");
        assertThat(lax.pick().value()).isEqualTo(1);
        assertThat(lax.changes()).as("the value in force is the pick").isFalse();
    }
}
