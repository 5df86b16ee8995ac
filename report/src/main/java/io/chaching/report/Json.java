package io.chaching.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON reader of JMH's result files and the project's own (ab.json, verdicts.json), over
 * Jackson's streaming parser, strict as RFC 8259 (no leading zeros, trailing commas, comments,
 * raw control characters, unknown escapes, a member named twice, or anything after the
 * document): objects become LinkedHashMaps in the file's order, arrays Lists, every number a
 * Double, and the strings JMH writes for non-finite numbers ("NaN", "Infinity") stay strings
 * for the caller to interpret.
 */
public final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    /** Parses a whole document, or throws IllegalArgumentException naming the line, column and problem. */
    public static Object parse(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == null) {
                throw new IllegalArgumentException("JSON ends before a value at line 1, column 1");
            }
            Object v = value(p);
            if (p.nextToken() != null) {
                throw error("trailing characters after the document", p.currentTokenLocation());
            }
            return v;
        } catch (JsonProcessingException e) {
            throw error(e.getOriginalMessage(), e.getLocation());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String fails no other way
        }
    }

    private static IllegalArgumentException error(String what, JsonLocation at) {
        String first = what == null ? "unreadable" : what.lines().findFirst().orElse(what);
        return new IllegalArgumentException("JSON " + first + (at == null ? ""
                : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    m.put(key, value(p));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> a = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(value(p));
                }
                return a;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw error("unexpected " + t, p.currentTokenLocation());
        }
    }
}
