package dev.signet.ca.web;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Subproblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Renders problem documents ({@code application/problem+json}, RFC 7807 with RFC 8555 §6.7 types and §6.7.1
 * subproblems), with {@code Retry-After} and {@code Location} when the error carries them. Stateless.
 */
final class ProblemDocument {
    private ProblemDocument() {}

    static void send(Exchange exchange, CaException e) {
        int status = e.problem().status();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", e.problem().type());
        body.put("detail", e.detail());
        body.put("status", status);
        if (!e.subproblems().isEmpty()) {
            List<Map<String, Object>> subs = new ArrayList<>();
            for (Subproblem s : e.subproblems()) {
                Map<String, Object> sub = new LinkedHashMap<>();
                sub.put("type", s.problem().type());
                sub.put("detail", s.detail());
                Map<String, Object> id = new LinkedHashMap<>();
                id.put("type", s.identifierType());
                id.put("value", s.identifierValue());
                sub.put("identifier", id);
                subs.add(sub);
            }
            body.put("subproblems", subs);
        }
        var headers = exchange.responseHeaders();
        if (e.retryAfter() != null) headers.put(HttpHeader.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        if (e.location() != null) headers.put(HttpHeader.LOCATION, e.location());
        for (String link : e.links()) headers.add(HttpHeader.LINK, link);
        try {
            exchange.send(status, "application/problem+json", Exchange.JSON.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
