package org.streetwatch.daemon.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import org.streetwatch.evidence.integrity.Signer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Prints the public key (PEM) that signs the manifests and the case log of an evidence folder.")
final class KeysCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "The evidence folder")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(dir.resolve("keys").resolve("ed25519-public.der"))) {
            throw new CommandFailure(dir + " has no signing key yet (it is made when the daemon first starts)");
        }
        PublicKey key = Signer.publicKey(dir);
        System.out.print(Signer.pem(key));
        System.err.println("fingerprint " + Signer.fingerprint(key));
        return 0;
    }
}
