package io.chaching.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON reader is as strict as RFC 8259: every document below that is not JSON is refused with
 * one message naming where, and what JMH writes is read as numbers, strings, lists and maps.
 */
class JsonTest {
    static final List<String> NOT_JSON = List.of(
            "", "   ", "[1,]", "{\"a\":1,}", "[01]", "[+1]", "[1.]", "[.5]", "[1e]", "[-]", "[NaN]", "[Infinity]",
            "['a']", "{a:1}", "[\"a\tb\"]", "[\"\\x\"]", "[\"\\u12\"]", "[\"\\u12G4\"]", "{\"a\":1,\"a\":2}",
            "[1] [2]", "[1] x", "// c\n[1]", "[1 2]", "{\"a\" 1}", "[\"abc]", "[tru]", "[nul]", "\u00a0[1]");

    @Test
    void whatIsNotJsonIsRefusedNamingWhere() {
        List<String> accepted = new ArrayList<>();
        for (String doc : NOT_JSON) {
            try {
                Object v = Json.parse(doc);
                accepted.add(doc.replace("\n", "\\n") + " -> " + v);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("JSON ") && e.getMessage().contains(" at line "), e.getMessage());
            }
        }
        assertEquals(List.of(), accepted);
    }

    @Test
    void jmhsOutputIsReadAsNumbersStringsListsAndMaps() {
        Object v = Json.parse("""
                [ {"benchmark": "io.chaching.bench.X.y", "params": {"a": "1"}, "score": 12, "low": -1.5e-3,
                   "raw": [[1, 2.5], []], "nan": "NaN", "ok": true, "no": false, "none": null, "esc": "\\"\\u00e9\\n"} ]""");
        Map<?, ?> m = (Map<?, ?>) ((List<?>) v).get(0);
        assertEquals("io.chaching.bench.X.y", m.get("benchmark"));
        assertEquals(Map.of("a", "1"), m.get("params"));
        assertEquals(12.0, m.get("score"), "every number is a Double");
        assertEquals(-1.5e-3, m.get("low"));
        assertEquals(List.of(List.of(1.0, 2.5), List.of()), m.get("raw"));
        assertEquals("NaN", m.get("nan"));
        assertEquals(Boolean.TRUE, m.get("ok"));
        assertEquals(Boolean.FALSE, m.get("no"));
        assertTrue(m.containsKey("none"));
        assertNull(m.get("none"));
        assertEquals("\"é\n", m.get("esc"));
        assertEquals(List.of("benchmark", "params", "score", "low", "raw", "nan", "ok", "no", "none", "esc"),
                new ArrayList<>(m.keySet()), "members in the file's order");
    }
}
