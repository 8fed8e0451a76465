package io.mybouncer.proxy.forksafety;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.proxy.config.ForkSafetyPolicy;
import io.mybouncer.proxy.forksafety.ForkHazardDetector.Judgement;
import io.mybouncer.proxy.forksafety.ForkHazardDetector.Signal;
import io.mybouncer.proxy.forksafety.ForkHazardDetector.Verdict;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the detector turns what the OS said into a verdict, under each policy. */
class ForkHazardDetectorTest {
    private static final PeerHolders TWO = new PeerHolders.Found(Set.of(41L, 42L), true, 0);
    private static final PeerHolders ONE = new PeerHolders.Found(Set.of(41L), true, 0);
    private static final PeerHolders UNKNOWN =
            new PeerHolders.Unknown(PeerHolders.Reason.NO_VISIBLE_HOLDER, "another PID namespace");

    private static Judgement judge(ForkSafetyPolicy policy, PeerHolders holders, boolean pipeliningDriver) {
        try (ForkHazardDetector detector = new ForkHazardDetector(policy, (socket, candidates) -> holders)) {
            return detector.judgement(Signal.OVERLAP, holders, pipeliningDriver);
        }
    }

    @Test
    void twoHoldersAreSharingAndRejectedWhateverTheDriver() {
        Judgement judgement = judge(ForkSafetyPolicy.REJECT, TWO, true);

        assertThat(judgement.verdict()).isEqualTo(Verdict.SHARED);
        assertThat(judgement.reject()).isTrue();
        assertThat(judgement.holdersPhrase()).isEqualTo("processes 41, 42");
    }

    @Test
    void oneHolderIsPipelining() {
        Judgement judgement = judge(ForkSafetyPolicy.REJECT, ONE, false);

        assertThat(judgement.verdict()).isEqualTo(Verdict.ONE_PROCESS);
        assertThat(judgement.reject()).isFalse();
    }

    @Test
    void whenTheOsCannotTellOnlyAKnownPipeliningDriverIsBelieved() {
        assertThat(judge(ForkSafetyPolicy.REJECT, UNKNOWN, true).reject()).isFalse();
        Judgement other = judge(ForkSafetyPolicy.REJECT, UNKNOWN, false);
        assertThat(other.verdict()).isEqualTo(Verdict.UNEXPLAINED);
        assertThat(other.reject()).isTrue();
        assertThat(other.holdersPhrase()).startsWith("who holds it is unknown: no process the proxy can see");
    }

    @Test
    void aReuseIsStoppedOnlyOnProofOfSharing() {
        try (ForkHazardDetector detector = new ForkHazardDetector(ForkSafetyPolicy.REJECT, (s, c) -> TWO)) {
            Judgement shared = detector.judgement(Signal.REUSE, TWO, false);
            Judgement unknown = detector.judgement(Signal.REUSE, UNKNOWN, false);

            assertThat(shared.reject()).isTrue();
            assertThat(shared.hazard()).isTrue();
            assertThat(unknown.reject()).isFalse();
            assertThat(unknown.hazard()).as("nothing to report: a reuse is normal").isFalse();
        }
    }

    @Test
    void theLogPolicyNeverRejects() {
        assertThat(judge(ForkSafetyPolicy.LOG, TWO, false).reject()).isFalse();
        assertThat(judge(ForkSafetyPolicy.LOG, UNKNOWN, false).reject()).isFalse();
    }

    @Test
    void reportsAreCountedByVerdictAndAction() {
        try (ForkHazardDetector detector = new ForkHazardDetector(ForkSafetyPolicy.REJECT, (s, c) -> TWO)) {
            detector.report(detector.judgement(Signal.OVERLAP, TWO, false), "session 1 from /127.0.0.1:5000");
            detector.report(detector.judgement(Signal.OVERLAP, UNKNOWN, true), "session 2 from /127.0.0.1:5001");

            assertThat(detector.reported(Verdict.SHARED, true)).isEqualTo(1);
            assertThat(detector.reported(Verdict.UNEXPLAINED, false)).isEqualTo(1);
            assertThat(detector.reported(Verdict.UNEXPLAINED, true)).isZero();
        }
    }
}
