package dev.signet.ca.web.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Typed reads of optional fields in JSON payloads; a field of the wrong type is {@code malformed}. Stateless. */
final class Payloads {
    private Payloads() {}

    static String string(ObjectNode json, String field) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw wrong(field, "a string");
        return n.asText();
    }

    static Boolean bool(ObjectNode json, String field) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isBoolean()) throw wrong(field, "true or false");
        return n.asBoolean();
    }

    static Integer integer(ObjectNode json, String field) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isInt()) throw wrong(field, "an integer");
        return n.asInt();
    }

    static List<String> stringList(ObjectNode json, String field) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isArray()) throw wrong(field, "an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) throw wrong(field, "an array of strings");
            out.add(e.asText());
        }
        return out;
    }

    /** An RFC 3339 date-time. */
    static Instant time(ObjectNode json, String field) {
        String s = string(json, field);
        if (s == null) return null;
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new CaException(Problem.MALFORMED, "The field \"" + field + "\" is not an RFC 3339 date-time: \"" + s + "\".");
        }
    }

    private static CaException wrong(String field, String expected) {
        return new CaException(Problem.MALFORMED, "The field \"" + field + "\" must be " + expected + ".");
    }
}
