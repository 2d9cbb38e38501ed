package org.streetwatch.review.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.streetwatch.evidence.testing.Evidence;

/** Reviewer and operator accounts behave the same on SQLite and on a real PostgreSQL server. */
class UsersDatabasesTest {

    @ParameterizedTest
    @MethodSource(Evidence.DATABASES)
    void accountsAreUniqueTheirPasswordsLongAndTheirRolesChangeable(String kind, @TempDir Path dir) throws Exception {
        try (Evidence ev = Evidence.open(kind, dir)) {
            Users users = new Users(ev.db);
            users.add("li.wei", Role.REVIEWER, Set.of(Evidence.MAIN), "long enough pw".toCharArray());
            assertThatThrownBy(() -> users.add("li.wei", Role.OPERATOR, Set.of(Evidence.MAIN),
                    "long enough pw".toCharArray()))
                    .hasMessageContaining("already exists");
            assertThatThrownBy(() -> users.add("x", Role.OPERATOR, Set.of(Evidence.MAIN), "short".toCharArray()))
                    .hasMessageContaining("at least");
            users.role("li.wei", Role.OPERATOR);
            assertThat(users.find("li.wei").orElseThrow().role()).isEqualTo(Role.OPERATOR);
        }
    }
}
