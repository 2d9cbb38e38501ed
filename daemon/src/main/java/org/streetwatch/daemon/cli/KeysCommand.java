package org.streetwatch.daemon.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.Callable;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.fleet.FleetRows;
import org.streetwatch.evidence.integrity.Signer;
import org.streetwatch.evidence.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Prints the public key (PEM) that signs the manifests and the case log of an evidence folder; "
                + "with --config, every key of every node of the fleet, from the case database.")
final class KeysCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", arity = "0..1", description = "The evidence folder")
    Path dir;

    @Option(names = "--config", paramLabel = "FILE", description = "The nodes' streetwatch.yaml (a fleet)")
    Path config;

    @Override
    public Integer call() throws Exception {
        if ((dir == null) == (config == null)) {
            throw new CommandFailure("give an evidence folder DIR or --config FILE");
        }
        if (config != null) {
            try (Database db = ConfigLoader.load(config).inspectDatabase()) {
                List<FleetRows.Key> keys = new FleetRows(db).keys();
                if (keys.isEmpty()) {
                    throw new CommandFailure(config + ": no node has recorded a key yet (cluster mode does at start)");
                }
                for (FleetRows.Key k : keys) {
                    System.out.println("# node " + k.node() + " fingerprint " + k.fingerprint());
                    System.out.print(k.pem());
                }
            }
            return 0;
        }
        if (!Files.isRegularFile(dir.resolve("keys").resolve("ed25519-public.der"))) {
            throw new CommandFailure(dir + " has no signing key yet (it is made when the daemon first starts)");
        }
        PublicKey key = Signer.publicKey(dir);
        System.out.print(Signer.pem(key));
        System.err.println("fingerprint " + Signer.fingerprint(key));
        return 0;
    }
}
