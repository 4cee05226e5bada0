package dev.signet.ca.web;

import dev.signet.ca.error.Problem;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders problem documents ({@code application/problem+json}, RFC 7807 with RFC 8555 §6.7 types). Stateless. */
final class ProblemDocument {
    private ProblemDocument() {}

    static void send(Exchange exchange, Problem problem, String detail, int status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("detail", detail);
        body.put("status", status);
        try {
            exchange.send(status, "application/problem+json", Exchange.JSON.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
