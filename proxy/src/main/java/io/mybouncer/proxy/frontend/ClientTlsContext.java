package io.mybouncer.proxy.frontend;

import io.mybouncer.protocol.embedded.TlsFiles;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The server-side TLS context clients upgrade to: from configured certificate and key files, or,
 * when none are configured, from a throwaway CA and server certificate generated at start, as MySQL
 * does with its auto-generated certificates ({@code auto_generate_certs}).
 *
 * @param sslContext the server context for {@link FrontendSettings#tls()}
 * @param caCert     the generated CA certificate clients can verify against ({@code sslMode=VERIFY_CA},
 *                   {@code --ssl-ca}); empty for configured files
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/creating-ssl-rsa-files-using-mysql.html">MySQL: creating SSL and RSA files</a>
 */
public record ClientTlsContext(SslContext sslContext, Optional<Path> caCert) {
    public ClientTlsContext {
        Objects.requireNonNull(sslContext, "sslContext");
        Objects.requireNonNull(caCert, "caCert");
    }

    /** From a PEM certificate chain and a PEM PKCS#8 private key. */
    public static ClientTlsContext fromFiles(Path certificateChain, Path privateKey) throws IOException {
        return new ClientTlsContext(SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile()).build(),
                Optional.empty());
    }

    /**
     * Generates a CA and a server certificate for localhost (EC P-256, JDK code only) into
     * {@code directory}, which must exist and should be private to this process.
     */
    public static ClientTlsContext generate(Path directory) throws IOException {
        TlsFiles files = TlsFiles.generate(directory);
        SslContext context = SslContextBuilder.forServer(files.serverCert().toFile(), files.serverKey().toFile())
                .build();
        return new ClientTlsContext(context, Optional.of(files.caCert()));
    }
}
