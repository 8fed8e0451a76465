package io.mybouncer.prefork.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;

class AnswerTest {
    @Test
    void theRequestedRowWithItsValueIsCorrect() {
        assertThat(Answer.classify(5, 200, "{\"id\":5,\"value\":\"row-5\",\"worker\":42,\"connection\":7}"))
                .isEqualTo(new Answer(Outcome.CORRECT, 42L, ""));
    }

    @Test
    void anotherRowIsWrong() {
        assertThat(Answer.classify(5, 200, "{\"id\":9,\"value\":\"row-9\",\"worker\":42}"))
                .isEqualTo(new Answer(Outcome.WRONG, 42L, "asked for id 5, got id 9 value row-9"));
    }

    @Test
    void theRightIdWithAnotherValueIsWrong() {
        assertThat(Answer.classify(5, 200, "{\"id\":5,\"value\":\"row-9\",\"worker\":42}").outcome())
                .isEqualTo(Outcome.WRONG);
        assertThat(Answer.classify(5, 200, "{\"id\":5,\"value\":null,\"worker\":42}").outcome())
                .isEqualTo(Outcome.WRONG);
    }

    @Test
    void anIdThatIsNotANumberIsWrong() {
        assertThat(Answer.classify(5, 200, "{\"id\":\"Threads_connected\",\"value\":\"3\",\"worker\":42}").outcome())
                .isEqualTo(Outcome.WRONG);
    }

    @Test
    void noRowIsEmpty() {
        assertThat(Answer.classify(5, 200, "{\"id\":null,\"value\":null,\"worker\":42}"))
                .isEqualTo(new Answer(Outcome.EMPTY, 42L, "no row for id 5"));
    }

    @Test
    void anHttpErrorFailsWithTheWorkersMessage() {
        assertThat(Answer.classify(5, 500, "{\"error\":\"database connection lost: no answer within 2000 ms\","
                + "\"worker\":42}")).isEqualTo(new Answer(Outcome.FAILED, 42L,
                        "HTTP 500: database connection lost: no answer within 2000 ms"));
    }

    @Test
    void anUnreadableAnswerFailsQuotingItsStart() {
        Answer answer = Answer.classify(5, 502, "<html>" + "x".repeat(200) + "</html>");
        assertThat(answer.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(answer.worker()).isNull();
        assertThat(answer.detail()).startsWith("HTTP 502, unreadable answer: '<html>xxx").endsWith("...'")
                .hasSizeLessThan(130);
    }

    @Test
    void noHttpAnswerFailsNamingWhy() {
        assertThat(Answer.failed(new HttpTimeoutException("request timed out")))
                .isEqualTo(new Answer(Outcome.FAILED, null, "timeout"));
        assertThat(Answer.failed(new IOException("Connection reset")).detail()).isEqualTo("IOException: Connection reset");
    }
}
