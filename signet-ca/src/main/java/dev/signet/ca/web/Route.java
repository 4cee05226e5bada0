package dev.signet.ca.web;

/** Answers one kind of request. Implementations write exactly one response through the exchange or throw. */
@FunctionalInterface
public interface Route {
    void handle(Exchange exchange) throws Exception;
}
