package org.streetwatch.daemon.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.evidence.store.Database;
import org.streetwatch.review.auth.Role;
import org.streetwatch.review.auth.User;
import org.streetwatch.review.auth.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The review page's users. Passwords are read from the terminal (twice) or, for scripts, one line on standard input;
 * never from the command line, where other users of the machine could read them.
 */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = "Manages who may log in to the review page (roles: reviewer, operator, admin) and the districts "
                + "whose cases they see.",
        subcommands = {UsersCommand.Add.class, UsersCommand.Passwd.class, UsersCommand.SetRole.class,
                UsersCommand.SetDistricts.class, UsersCommand.Remove.class, UsersCommand.ListUsers.class})
final class UsersCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The options every users subcommand takes. */
    static final class Target {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "The daemon's streetwatch.yaml")
        Path config;

        @Option(names = "--password-stdin", description = "Read the password from one line of standard input")
        boolean stdin;

        /** A change to the users, made with the database open. */
        @FunctionalInterface
        interface Change {
            void apply(Users users) throws Exception;
        }

        void change(Change c) throws Exception {
            try (Database db = ConfigLoader.load(config).openDatabase()) {
                c.apply(new Users(db));
            }
        }

        /** Same, with a password read and checked first, and wiped afterwards. */
        void changeWithPassword(String name, PasswordChange c) throws Exception {
            char[] pw = password();
            try {
                String problem = Users.problem(name, pw);
                if (problem != null) {
                    throw CommandFailure.usage(problem);
                }
                change(users -> c.apply(users, pw));
            } finally {
                Arrays.fill(pw, '\0');
            }
        }

        @FunctionalInterface
        interface PasswordChange {
            void apply(Users users, char[] password) throws Exception;
        }

        char[] password() throws Exception {
            if (stdin) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    throw CommandFailure.usage("no password on standard input");
                }
                return line.toCharArray();
            }
            Console console = System.console();
            if (console == null) {
                throw CommandFailure.usage("no terminal to read the password from; use --password-stdin");
            }
            char[] first = console.readPassword("password (at least %d characters): ", Users.MIN_PASSWORD);
            char[] again = console.readPassword("again: ");
            if (first == null || !Arrays.equals(first, again)) {
                throw CommandFailure.usage("the passwords differ");
            }
            Arrays.fill(again, '\0');
            return first;
        }
    }

    /** A subcommand about one user: the options every users subcommand takes, and the user's name. */
    abstract static class OnUser implements Callable<Integer> {
        @Mixin
        Target target;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds a user")
    static final class Add extends OnUser {
        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "reviewer, operator or admin")
        String role;

        @Option(names = "--district", paramLabel = "A,B", defaultValue = "",
                description = "The districts whose cases the user sees (cameras' `district`); admins see all")
        String districts;

        @Override
        public Integer call() throws Exception {
            Role r = role(role);
            Set<String> d = districts(districts);
            target.changeWithPassword(name, (users, pw) -> users.add(name, r, d, pw));
            System.out.println("added " + name + " (" + r.key() + ", " + scope(r, d) + ")");
            return 0;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Sets a user's password (their open sessions end)")
    static final class Passwd extends OnUser {
        @Override
        public Integer call() throws Exception {
            target.changeWithPassword(name, (users, pw) -> users.password(name, pw));
            System.out.println("password of " + name + " changed");
            return 0;
        }
    }

    @Command(name = "role", mixinStandardHelpOptions = true, description = "Changes a user's role")
    static final class SetRole extends OnUser {
        @Parameters(index = "1", paramLabel = "ROLE", description = "reviewer, operator or admin")
        String role;

        @Override
        public Integer call() throws Exception {
            Role r = role(role);
            target.change(users -> users.role(name, r));
            System.out.println(name + " is now " + r.key());
            return 0;
        }
    }

    @Command(name = "districts", mixinStandardHelpOptions = true,
            description = "Sets the districts whose cases a user sees (at their next click)")
    static final class SetDistricts extends OnUser {
        @Parameters(index = "1", paramLabel = "A,B", description = "comma-separated; \"\" for none")
        String districts;

        @Override
        public Integer call() throws Exception {
            Set<String> d = districts(districts);
            Role[] r = new Role[1];
            target.change(users -> {
                users.districts(name, d);
                r[0] = users.find(name).orElseThrow().role();
            });
            System.out.println(name + " now sees " + scope(r[0], d));
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a user (their sessions end)")
    static final class Remove extends OnUser {
        @Override
        public Integer call() throws Exception {
            target.change(users -> users.remove(name));
            System.out.println("removed " + name);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the users, their roles and districts")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        Target target;

        @Override
        public Integer call() throws Exception {
            target.change(users -> {
                for (User u : users.list()) {
                    System.out.println(u.name() + "\t" + u.role().key() + "\t" + scope(u.role(), u.districts())
                            + "\tsince " + Instant.ofEpochMilli(u.createdAt()));
                }
            });
            return 0;
        }
    }

    private static Set<String> districts(String csv) throws CommandFailure {
        try {
            return Users.districts(csv);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage(e.getMessage());
        }
    }

    /** What a user sees, in words: a user with no district sees no case at all, which is worth saying. */
    private static String scope(Role role, Set<String> districts) {
        if (role == Role.ADMIN) {
            return "all districts";
        }
        return districts.isEmpty() ? "no district: no cases until 'users districts NAME A,B'"
                : "districts " + String.join(",", districts);
    }

    private static Role role(String key) throws CommandFailure {
        try {
            return Role.of(key);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage(e.getMessage());
        }
    }
}
