package dev.quiver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.server.session.ServerLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flight SQL over TLS, and the PostgreSQL front's SSL (through psql, where installed), with a
 * self-signed certificate made by the JDK's keytool.
 */
class ServerTlsTest {
    @Test
    void clientsConnectOverTlsAndPlainTextIsRefused(@TempDir Path directory) throws Exception {
        Path certificate = directory.resolve("server.crt");
        Path key = directory.resolve("server.key");
        selfSigned(directory, certificate, key);
        QuiverServer server = QuiverServer.start(
                new ServerOptions(
                                directory.resolve("test.db"),
                                "127.0.0.1",
                                0,
                                null,
                                1,
                                1,
                                Duration.ofSeconds(1),
                                Duration.ofMinutes(5),
                                10,
                                List.of())
                        .withTls(new ServerOptions.Tls(certificate, key))
                        .withPgPort(0),
                new ServerLog(new PrintStream(OutputStream.nullOutputStream()), ServerLog.Level.QUIET));
        try {
            String url = "jdbc:arrow-flight-sql://localhost:" + server.port();
            try (Connection connection = DriverManager.getConnection(
                            url + "/?useEncryption=true&disableCertificateVerification=true");
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT 'over tls' AS how")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("over tls");
            }
            assertThatThrownBy(() -> {
                        try (Connection connection = DriverManager.getConnection(url + "/?useEncryption=false");
                                Statement statement = connection.createStatement()) {
                            statement.executeQuery("SELECT 1").close();
                        }
                    })
                    .isInstanceOf(SQLException.class);
            if (Files.isExecutable(Path.of("/usr/bin/psql"))) {
                Process psql = new ProcessBuilder(
                                "/usr/bin/psql",
                                "-X",
                                "-At",
                                "host=127.0.0.1 port=" + server.pgPort() + " user=alice dbname=quiver sslmode=require",
                                "-c",
                                "SELECT 'over ssl'")
                        .redirectErrorStream(true)
                        .start();
                psql.getOutputStream().close();
                String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(psql.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(output).contains("over ssl");
            }
        } finally {
            server.stop();
        }
    }

    /** A self-signed certificate for localhost as PEM files: the chain and the PKCS#8 key. */
    static void selfSigned(Path directory, Path certificate, Path key)
            throws IOException, InterruptedException, GeneralSecurityException {
        Path store = directory.resolve("server.p12");
        char[] password = "changeit".toCharArray();
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        new String(password))
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password);
        }
        Key privateKey = keys.getKey("server", password);
        Files.writeString(
                certificate, pem("CERTIFICATE", keys.getCertificate("server").getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()));
    }

    private static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + kind + "-----\n";
    }
}
