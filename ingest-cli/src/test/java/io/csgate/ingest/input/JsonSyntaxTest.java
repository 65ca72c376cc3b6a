package io.csgate.ingest.input;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonSyntaxTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not json         | unexpected 'not' at column 1 (text needs double quotes; the literals are true, false and null)",
        "{\"a\":tru}      | unexpected 'tru' at column 6 (text needs double quotes; the literals are true, false and null)",
        "{\"a\":1         | the text ends before the JSON value is complete (a closing '}', ']' or '\"' is missing)",
        "{a:1}            | a field name must be in double quotes, found 'a' at column 2",
        "{\"a\":1,}       | a ',' before '}' at column 8 (a trailing comma is not JSON)",
        "[1,]             | a ',' before ']' at column 4 (a trailing comma is not JSON)",
        "[1 2]            | expected ',' between two items, found '2' at column 4",
        "{\"a\" 1}        | expected ':' after a field name, found '1' at column 6",
        "`{\"a\": 'b'}`   | single quotes at column 7 are not JSON: use double quotes",
        "{\"a\":01}       | not a valid number at column 7",
        "{\"a\":1}}       | unexpected '}' at column 8 (nothing is open to close)",
        "{\"a\":\"\\u00\"} | a \\u escape needs four hex digits, found '\"' at column 11",
    })
    void saysWhatIsWrongAndWhereInWordsAboutTheInput(String text, String problem) {
        assertThat(JsonSyntax.problem(text.strip())).isEqualTo(problem);
    }

    @Test
    void aTextOfSeveralLinesGetsTheLineToo() {
        assertThat(JsonSyntax.problem("{\"a\": 1,\n \"b\": nope}")).startsWith("unexpected 'nope' at line 2, column 7");
    }

    @Test
    void noParserInternalsInAnyMessage() {
        for (String bad : new String[] {"{\"a\":1", "[1,2", "\"abc", "{\"a\":\"x\ny\"}", "{\"a\":-}", "}", "{\"a\":1.}"}) {
            assertThat(JsonSyntax.problem(bad)).as(bad)
                    .doesNotContain("Source", "REDACTED", "StreamReadFeature", "))", "was expecting", "token");
        }
    }

    @Test
    void jsonIsNoProblem() {
        assertThat(JsonSyntax.problem("{\"a\": [1, true, null, \"x\"]}")).isNull();
    }
}
