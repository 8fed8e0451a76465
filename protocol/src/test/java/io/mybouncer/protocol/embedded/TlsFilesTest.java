package io.mybouncer.protocol.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsFilesTest {
    @TempDir
    static Path dir;
    static TlsFiles files;
    static X509Certificate ca;
    static X509Certificate server;

    @BeforeAll
    static void generate() throws IOException, GeneralSecurityException {
        files = TlsFiles.generate(dir);
        ca = certificate(files.caCert());
        server = certificate(files.serverCert());
    }

    @Test
    void caIsSelfSignedCertificateAuthority() {
        assertThatCode(() -> ca.verify(ca.getPublicKey())).doesNotThrowAnyException();
        assertThat(ca.getVersion()).isEqualTo(3);
        assertThat(ca.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE); // cA with no path length limit
        assertThat(ca.getKeyUsage()).startsWith(false, false, false, false, false, true, true); // keyCertSign, cRLSign
        assertThat(ca.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
    }

    @Test
    void serverCertificateIsSignedByCaAndNamesLoopback() throws GeneralSecurityException {
        assertThatCode(() -> server.verify(ca.getPublicKey())).doesNotThrowAnyException();
        assertThat(server.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(server.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.getKeyUsage()).startsWith(true, false, false, false, false, false); // digitalSignature
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        // Subject and authority key identifiers, which strict verifiers require.
        assertThat(server.getNonCriticalExtensionOIDs()).contains("2.5.29.14", "2.5.29.35");
        assertThat(server.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
    }

    @Test
    void certificatesAreValidNow() {
        Date now = new Date();
        assertThatCode(() -> ca.checkValidity(now)).doesNotThrowAnyException();
        assertThatCode(() -> server.checkValidity(now)).doesNotThrowAnyException();
        assertThat(server.getSigAlgName()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void serverKeyMatchesServerCertificate() throws IOException, GeneralSecurityException {
        String pem = Files.readString(files.serverKey(), StandardCharsets.US_ASCII);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replace("\n", "");
        PrivateKey key = KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));

        byte[] message = "mybouncer".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(server.getPublicKey());
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void serverKeyIsReadableByOwnerOnly() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.serverKey())))
                .isEqualTo("rw-------");
    }

    private static X509Certificate certificate(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
