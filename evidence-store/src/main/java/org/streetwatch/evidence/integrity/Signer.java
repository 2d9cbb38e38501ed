package org.streetwatch.evidence.integrity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.evidence.store.StoreException;

/**
 * The node's Ed25519 key, made on first start in {@code keys/} of the evidence folder: the private key readable by
 * its owner only, the public key beside it, exportable ({@code streetwatch keys}) so that anyone holding evidence can
 * check it was written by this node and not changed since.
 */
public final class Signer {

    static final String PRIVATE = "ed25519-private.pk8";
    static final String PUBLIC = "ed25519-public.der";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private Signer(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** The key pair of the evidence folder, created if it has none. */
    public static Signer open(Path evidenceRoot) throws StoreException {
        Path dir = evidenceRoot.resolve("keys");
        try {
            Files.createDirectories(dir);
            Path priv = dir.resolve(PRIVATE);
            Path pub = dir.resolve(PUBLIC);
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            if (!Files.exists(priv)) {
                KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                Path tmp = dir.resolve(PRIVATE + ".tmp");
                Files.deleteIfExists(tmp);
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(tmp, kp.getPrivate().getEncoded());
                EvidenceFolder.writeDurably(pub, kp.getPublic().getEncoded());
                EvidenceFolder.fsync(tmp);
                Files.move(tmp, priv, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            PrivateKey privateKey = kf.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(priv)));
            PublicKey publicKey = kf.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pub)));
            return new Signer(privateKey, publicKey);
        } catch (IOException | GeneralSecurityException e) {
            throw new StoreException("cannot open the signing key in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The public key of an evidence folder, for verification only. */
    public static PublicKey publicKey(Path evidenceRoot) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                Files.readAllBytes(evidenceRoot.resolve("keys").resolve(PUBLIC))));
    }

    /** Base64 Ed25519 signature of {@code bytes}. */
    public String sign(byte[] bytes) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(bytes);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable", e);
        }
    }

    public static boolean verify(PublicKey key, byte[] bytes, String base64Signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(bytes);
            return s.verify(Base64.getDecoder().decode(base64Signature.trim()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The public key as PEM, to hand to whoever checks the evidence. */
    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A short fingerprint of the public key (first 16 hex digits of its SHA-256). */
    public static String fingerprint(PublicKey key) {
        return EvidenceFolder.sha256(key.getEncoded()).substring(0, 16);
    }
}
