package org.streetwatch.evidence.store;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;

/**
 * The {@code evidence} section: the evidence folder and case database (this package), and what the case recorder,
 * near misses and retention keep there.
 */
public final class EvidenceConfig {

    public static final String DIR = "dir";
    public static final String DATABASE = "database";
    public static final String DATABASE_USER = "database_user";
    public static final String DATABASE_PASSWORD_ENV = "database_password_env";
    public static final String PRE_ROLL_S = "pre_roll_s";
    public static final String POST_ROLL_S = "post_roll_s";
    public static final String MIN_FREE_MB = "min_free_mb";
    public static final String TIME_ZONE = "time_zone";
    public static final String RETENTION_DAYS = "retention_days";
    public static final String NEAR_MISSES_KEPT = "near_misses_kept";
    public static final String BUDGET_GB = "budget_gb";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(DIR, Type.STRING, "data/evidence", Validator.NON_EMPTY,
                    "Evidence folder (clips, snapshots, manifests); relative paths are relative to the config file")
            .define(DATABASE, Type.STRING, "",
                    "JDBC URL of the case database; empty: SQLite file cases.db in the evidence folder")
            .define(DATABASE_USER, Type.STRING, "", "Database user (PostgreSQL)")
            .define(DATABASE_PASSWORD_ENV, Type.STRING, "",
                    "Name of the environment variable that holds the database password (never the password itself)")
            .define(PRE_ROLL_S, Type.DOUBLE, 10.0, Validator.between(0, 300), "Video kept before an event")
            .define(POST_ROLL_S, Type.DOUBLE, 10.0, Validator.between(0, 300), "Video kept after an event")
            .define(MIN_FREE_MB, Type.DOUBLE, 500.0, Validator.between(0, 1 << 20),
                    "Below this much free disk, beyond 8 MB kept for the smallest case, new clips stop (cases are "
                            + "still recorded, flagged)")
            .define(TIME_ZONE, Type.STRING, "Asia/Shanghai", Validator.NON_EMPTY,
                    "Time zone of times printed on snapshots and of zone schedules")
            .define(RETENTION_DAYS, Type.DOUBLE, 180.0, Validator.between(0, 36_500),
                    "Files of rejected and exported cases older than this are removed (0: kept forever); "
                            + "pending and unexported cases never are")
            .define(NEAR_MISSES_KEPT, Type.INT, 1000, Validator.between(0, 1_000_000),
                    "Near misses kept per camera and rule, oldest dropped (they go after retention_days too)")
            .define(BUDGET_GB, Type.DOUBLE, 0.0, Validator.between(0, 1 << 20),
                    "Beyond this much evidence the oldest rejected and exported cases' files go first (0: no budget)");

    private EvidenceConfig() {
    }

    /**
     * The section in the units its users take.
     *
     * @param dir              the evidence folder as written (relative to the config file)
     * @param database         the JDBC URL, empty for SQLite in the evidence folder
     * @param passwordEnv      the variable holding the database password, empty for none
     * @param retentionMaxAge  age beyond which reviewed cases' files go, or null to keep them
     */
    public record Params(String dir, String database, String databaseUser, String passwordEnv, long preRollUs,
                         long postRollUs, long minFreeBytes, ZoneId timeZone, Duration retentionMaxAge,
                         int nearMissesKept, long budgetBytes) {

        public static Params of(Settings s) {
            double days = s.getDouble(RETENTION_DAYS);
            return new Params(s.getString(DIR), s.getString(DATABASE), s.getString(DATABASE_USER),
                    s.getString(DATABASE_PASSWORD_ENV), micros(s.getDouble(PRE_ROLL_S)),
                    micros(s.getDouble(POST_ROLL_S)), (long) (s.getDouble(MIN_FREE_MB) * 1024 * 1024),
                    ZoneId.of(s.getString(TIME_ZONE)), days == 0 ? null : Duration.ofMillis((long) (days * 86_400_000L)),
                    s.getInt(NEAR_MISSES_KEPT), (long) (s.getDouble(BUDGET_GB) * (1L << 30)));
        }

        /** The database password from the environment, or null when none is named. */
        public String password() {
            return passwordEnv.isEmpty() ? null : System.getenv(passwordEnv);
        }
    }

    /** What the schema cannot check: a known time zone, and a password variable that is set. */
    public static void validate(Settings s, String file) throws ConfigException {
        try {
            ZoneId.of(s.getString(TIME_ZONE));
        } catch (DateTimeException e) {
            throw new ConfigException(file, "evidence." + TIME_ZONE, "expected a time zone such as Asia/Shanghai");
        }
        String pwEnv = s.getString(DATABASE_PASSWORD_ENV);
        if (!pwEnv.isEmpty() && System.getenv(pwEnv) == null) {
            throw new ConfigException(file, "evidence." + DATABASE_PASSWORD_ENV,
                    "the environment variable " + pwEnv + " is not set");
        }
    }

    private static long micros(double seconds) {
        return (long) (seconds * 1e6);
    }
}
