package io.mybouncer.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.client.MysqlServerException;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.netty.util.concurrent.Ticker;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Passthrough admission against a scripted backend: when it asks the backend, and what the client is told. */
class PassthroughAdmissionTest {
    private static final ClientTransport TLS = new ClientTransport(true, false, "10.0.0.7");

    /** The backend's answers, in order; each login check takes the next. */
    private final List<CompletionStage<Void>> answers = new ArrayList<>();
    private final List<String> checkedPasswords = new ArrayList<>();
    private final PasswordVerifiers verifiers = new PasswordVerifiers(new SecureRandom(), Ticker.systemTicker());
    private final PassthroughAdmission admission = new PassthroughAdmission(verifiers, (client, loop) -> {
        checkedPasswords.add(client.password().asString());
        return answers.remove(0);
    }, "db:3306");

    private static AuthenticatedClient client(String password) {
        return new AuthenticatedClient("app", null, 45, CapabilitySet.NONE, Map.of(), TLS,
                new RevealedPassword(password.getBytes(StandardCharsets.UTF_8)));
    }

    private Optional<AuthDecision.Deny> admit(String password) {
        return admission.admit(client(password), null).toCompletableFuture().join();
    }

    private void backendAnswers(CompletionStage<Void> answer) {
        answers.add(answer);
    }

    @Test
    void asksTheBackendOnceThenAdmitsTheSamePasswordFromTheVerifier() {
        backendAnswers(CompletableFuture.completedFuture(null));

        assertThat(admit("right")).isEmpty();
        assertThat(admit("right")).isEmpty();

        assertThat(checkedPasswords).containsExactly("right");
    }

    @Test
    void asksTheBackendAgainForAnotherPasswordAndRelaysItsRefusalAsAccessDenied() {
        backendAnswers(CompletableFuture.completedFuture(null));
        backendAnswers(CompletableFuture.failedFuture(new MysqlServerException(1045, "28000",
                "Access denied for user 'app'@'proxy-host.internal' (using password: YES)")));
        assertThat(admit("right")).isEmpty();

        Optional<AuthDecision.Deny> refused = admit("wrong");

        assertThat(checkedPasswords).containsExactly("right", "wrong");
        assertThat(refused).hasValueSatisfying(deny -> {
            assertThat(deny.error()).isEqualTo(ProxyError.ACCESS_DENIED);
            assertThat(deny.packet().message())
                    .isEqualTo("Access denied for user 'app'@'10.0.0.7' (using password: YES)");
        });
    }

    @Test
    void aRefusalForgetsTheVerifierSoEvenThePasswordAcceptedBeforeIsCheckedAgain() {
        backendAnswers(CompletableFuture.completedFuture(null));
        backendAnswers(CompletableFuture.failedFuture(new MysqlServerException(1045, "28000", "denied")));
        backendAnswers(CompletableFuture.completedFuture(null));

        assertThat(admit("accepted")).isEmpty();
        assertThat(admit("refused")).isPresent();
        assertThat(admit("accepted")).isEmpty();

        assertThat(checkedPasswords).containsExactly("accepted", "refused", "accepted");
    }

    @Test
    void aBackendThatCannotBeAskedIsReportedAsUnreachable() {
        backendAnswers(CompletableFuture.failedFuture(new ConnectException("Connection refused")));

        assertThat(admit("right")).hasValueSatisfying(deny -> {
            assertThat(deny.error()).isEqualTo(ProxyError.BACKEND_UNREACHABLE);
            assertThat(deny.packet().message())
                    .isEqualTo("mybouncer cannot connect to the MySQL server at 'db:3306' (Connection refused)");
        });
        backendAnswers(CompletableFuture.completedFuture(null));
        assertThat(admit("right")).isEmpty();
    }

    @Test
    void withoutARevealedPasswordItIsABugNotADenial() {
        AuthenticatedClient noPassword = new AuthenticatedClient("app", null, 45, CapabilitySet.NONE, Map.of(), TLS,
                null);

        assertThat(admission.admit(noPassword, null).toCompletableFuture()).isCompletedExceptionally();
    }
}
