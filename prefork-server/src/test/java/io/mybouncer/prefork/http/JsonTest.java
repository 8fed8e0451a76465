package io.mybouncer.prefork.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesScalarsListsAndNestedObjectsInOrder() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", 5L);
        object.put("value", "row-5");
        object.put("none", null);
        object.put("ok", true);
        object.put("workers", Map.of("123", 4L));
        object.put("examples", Arrays.asList("a", null));

        assertThat(Json.write(object)).isEqualTo(
                "{\"id\":5,\"value\":\"row-5\",\"none\":null,\"ok\":true,\"workers\":{\"123\":4},\"examples\":[\"a\",null]}");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertThat(Json.write(Map.of("e", "say \"hi\"\\\n\t\u0001é"))).isEqualTo("{\"e\":\"say \\\"hi\\\"\\\\\\n\\t\\u0001é\"}");
    }

    @Test
    void readsWhatItWrites() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", -12L);
        object.put("value", "quote \" backslash \\ newline \n control \u0002 unicode ü");
        object.put("none", null);
        object.put("yes", true);
        object.put("no", false);

        assertThat(Json.parseFlatObject(Json.write(object))).containsExactlyEntriesOf(object);
    }

    @Test
    void readsSpacingAndEscapesOtherWritersUse() {
        assertThat(Json.parseFlatObject(" { \"a\" : \"\\u0041\\/\\b\\f\\r\" , \"b\" : 7 } "))
                .containsOnly(Map.entry("a", "A/\b\f\r"), Map.entry("b", 7L));
        assertThat(Json.parseFlatObject("{}")).isEmpty();
    }

    @Test
    void refusesWhatIsNotAFlatObject() {
        for (String text : List.of("", "[]", "{\"a\":{}}", "{\"a\":[1]}", "{\"a\":1.5}", "{\"a\":1}x", "{\"a\" 1}",
                "{\"a\":\"unterminated}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":-}", "{\"a\":tru}",
                "{\"a\":99999999999999999999}", "<html>502 Bad Gateway</html>")) {
            assertThatThrownBy(() -> Json.parseFlatObject(text)).as(text)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("json at ");
        }
    }
}
