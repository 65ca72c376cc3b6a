package io.csgate.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time with the JDK's {@code keytool}: a CA, a broker key pair signed by
 * it for {@code 127.0.0.1} and {@code localhost} (in a PKCS12 key store), the CA's certificate as
 * PEM (what a client trusts), and a second, unrelated CA (a certificate a client must not trust).
 *
 * @param brokerKeystore PKCS12 file with the broker's key and certificate chain
 * @param caPem the CA certificate, PEM
 * @param otherCaPem an unrelated CA certificate, PEM
 * @param clientKeystore PKCS12 file with a client key and certificate signed by the CA, for mutual
 *     TLS; its principal is {@link #CLIENT_DN}
 */
public record TestCertificates(Path brokerKeystore, String password, Path caPem, Path otherCaPem,
                               Path clientKeystore) {

    /** The subject of the client certificate: the principal {@code User:CN=csgate-tls} for the broker. */
    public static final String CLIENT_DN = "CN=csgate-tls";


    private static final String PASSWORD = "test-store-pw";

    /** Makes everything in {@code dir}, in about fifteen keytool runs. */
    public static TestCertificates make(Path dir) {
        Path ca = dir.resolve("ca.p12");
        Path caPem = dir.resolve("ca.pem");
        Path broker = dir.resolve("broker.p12");
        Path csr = dir.resolve("broker.csr");
        Path signed = dir.resolve("broker.pem");
        Path other = dir.resolve("other-ca.p12");
        Path otherPem = dir.resolve("other-ca.pem");
        CompletableFuture<Void> otherCa = CompletableFuture.runAsync(() -> {
            keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=unrelated test CA", "-ext", "bc:c", "-validity", "30", "-keystore", other.toString());
            keytool("-exportcert", "-rfc", "-alias", "other", "-keystore", other.toString(), "-file", otherPem.toString());
        });
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=csgate test CA", "-ext", "bc:c", "-validity", "30", "-keystore", ca.toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString());
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-validity", "30", "-keystore", broker.toString());
        keytool("-certreq", "-alias", "broker", "-keystore", broker.toString(), "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(),
                "-outfile", signed.toString(), "-validity", "30", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-ext", "eku=serverAuth,clientAuth");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", broker.toString(), "-file", caPem.toString());
        keytool("-importcert", "-alias", "broker", "-keystore", broker.toString(), "-file", signed.toString());
        Path client = dir.resolve("client.p12");
        Path clientCsr = dir.resolve("client.csr");
        Path clientSigned = dir.resolve("client.pem");
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", CLIENT_DN, "-validity", "30", "-keystore", client.toString());
        keytool("-certreq", "-alias", "client", "-keystore", client.toString(), "-file", clientCsr.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-infile", clientCsr.toString(),
                "-outfile", clientSigned.toString(), "-validity", "30", "-ext", "eku=clientAuth");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", client.toString(), "-file", caPem.toString());
        keytool("-importcert", "-alias", "client", "-keystore", client.toString(), "-file", clientSigned.toString());
        otherCa.join();
        return new TestCertificates(broker, PASSWORD, caPem, otherPem, client);
    }

    private static void keytool(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.add("-J-Xmx64m");
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        if (!args[0].equals("-exportcert")) {
            cmd.addAll(List.of("-keypass", PASSWORD));
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: "
                        + new String(out, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The CA certificate as PEM text. */
    public String caPemText() {
        try {
            return Files.readString(caPem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
