package org.streetwatch.evidence.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.streetwatch.redact.SafeUrl;

/**
 * The case database: SQLite in a file by default (WAL, full sync: a confirmed case must survive a power cut),
 * PostgreSQL through a JDBC URL for several nodes. The same SQL and the same migrations run on both.
 */
public final class Database implements AutoCloseable {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** sqlite3.h's open flags, as sqlite-jdbc's {@code open_mode} takes them. */
    private static final int SQLITE_OPEN_READONLY = 0x1;
    private static final int SQLITE_OPEN_URI = 0x40;

    private final HikariDataSource pool;
    private final boolean sqlite;

    private Database(HikariDataSource pool, boolean sqlite) {
        this.pool = pool;
        this.sqlite = sqlite;
    }

    /**
     * Opens the database at {@code url} and brings its schema up to date.
     *
     * @param url      {@code jdbc:sqlite:/path/file.db} or {@code jdbc:postgresql://host/db}
     * @param password may be null; never logged
     */
    public static Database open(String url, String user, String password) throws StoreException {
        return open(url, user, password, false);
    }

    /**
     * Opens an existing database to read it only, as {@code verify} does: nothing is created, no file's mode is
     * changed and no migration runs, so a read-only copy of the evidence (or one the checker does not own) can be
     * checked without being touched.
     */
    public static Database inspect(String url, String user, String password) throws StoreException {
        return open(url, user, password, true);
    }

    private static Database open(String url, String user, String password, boolean readOnly) throws StoreException {
        boolean sqlite = url.startsWith("jdbc:sqlite:");
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(sqlite && readOnly ? readOnlySqliteUrl(url) : url);
        cfg.setPoolName("cases");
        if (sqlite && readOnly) {
            cfg.addDataSourceProperty("open_mode", Integer.toString(SQLITE_OPEN_READONLY | SQLITE_OPEN_URI));
            cfg.addDataSourceProperty("busy_timeout", "10000");
            cfg.setMaximumPoolSize(1);
        } else if (sqlite) {
            String file = url.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*", "");
            try {
                Path parent = Path.of(file).toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                ownerOnly(Path.of(file));
            } catch (Exception e) {
                throw new StoreException("cannot create " + file + ": " + e.getMessage(), e);
            }
            cfg.addDataSourceProperty("journal_mode", "WAL");
            cfg.addDataSourceProperty("synchronous", "FULL");
            cfg.addDataSourceProperty("busy_timeout", "10000");
            cfg.addDataSourceProperty("foreign_keys", "true");
            // a transaction that reads before it writes must take the write lock first: otherwise a concurrent
            // writer makes it fail at once with SQLITE_BUSY_SNAPSHOT, which busy_timeout does not wait out
            cfg.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            cfg.setMaximumPoolSize(4);
        } else {
            cfg.setUsername(user);
            cfg.setPassword(password);
            cfg.setMaximumPoolSize(8);
        }
        cfg.setReadOnly(readOnly); // the pool sets it on each connection; SQLite's must match its open_mode
        cfg.setConnectionTimeout(15_000);
        cfg.setInitializationFailTimeout(15_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open case database " + SafeUrl.redactUrl(url) + ": " + rootMessage(e), e);
        }
        if (readOnly) {
            return new Database(ds, sqlite);
        }
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (FlywayException e) {
            ds.close();
            throw new StoreException("cannot migrate case database " + SafeUrl.redactUrl(url) + ": " + rootMessage(e), e);
        }
        return new Database(ds, sqlite);
    }

    /**
     * A WAL database on a read-only disk cannot be opened read-only in the ordinary way (SQLite needs to create its
     * {@code -shm}); there no writer can exist either, so it is opened as immutable. Elsewhere a running daemon may
     * be writing, and the ordinary read-only open sees its committed state.
     */
    private static String readOnlySqliteUrl(String url) {
        Path file = Path.of(url.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*", "")).toAbsolutePath();
        return Files.isWritable(file.getParent()) ? url : "jdbc:sqlite:file:" + file + "?immutable=1";
    }

    /**
     * The database holds password hashes and session tokens: it is made readable by its owner only, like the signing
     * key, before SQLite opens it. SQLite gives its {@code -wal} and {@code -shm} files the database file's mode;
     * those left by an older run are tightened too.
     */
    private static void ownerOnly(Path db) throws IOException {
        FileAttribute<?> mode = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
        if (!Files.exists(db)) {
            Files.createFile(db, mode);
        }
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path p = db.resolveSibling(db.getFileName() + suffix);
            if (Files.exists(p)) {
                Files.setPosixFilePermissions(p, OWNER_ONLY);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        return SafeUrl.redact(m.lines().findFirst().orElse(m));
    }

    public DataSource dataSource() {
        return pool;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    public boolean sqlite() {
        return sqlite;
    }

    @Override
    public void close() {
        pool.close();
    }
}
