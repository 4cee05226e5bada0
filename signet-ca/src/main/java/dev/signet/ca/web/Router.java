package dev.signet.ca.web;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes requests by method and path pattern to {@link Route}s, times each one into the
 * {@code signet_http_requests_seconds} histogram (tags: route, method, status), and turns failures into problem
 * documents (RFC 7807, with RFC 8555 types): a {@link CaException} keeps its detail; anything else becomes
 * {@code serverInternal} with only a reference id sent and the exception logged under that id. A request refused for
 * failed authentication is reported to {@link RefusedAuthentication} before the answer goes out.
 *
 * <p>Routes are registered before the server starts; afterwards the router is only read and is thread-safe.
 */
public final class Router extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private record Entry(String method, Pattern pattern, String name, Route route) {}

    private final List<Entry> entries = new ArrayList<>();
    private final MeterRegistry metrics;
    private final RefusedAuthentication refused;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public Router(MeterRegistry metrics) {
        this(metrics, RefusedAuthentication.IGNORE);
    }

    /** @param refused told about every request refused for failed authentication or authorization */
    public Router(MeterRegistry metrics, RefusedAuthentication refused) {
        this.metrics = metrics;
        this.refused = refused;
    }

    /**
     * Adds a route. {@code path} is a regular expression over the whole path; its groups become parameters.
     *
     * @param name the route's name in metrics (the path template, e.g. {@code /root/{sha}})
     */
    public Router add(String method, String path, String name, Route route) {
        entries.add(new Entry(method, Pattern.compile(path), name, route));
        return this;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        Entry match = null;
        List<String> params = List.of();
        boolean pathKnown = false;
        java.util.Set<String> allowed = new java.util.TreeSet<>();
        for (Entry e : entries) {
            Matcher m = e.pattern.matcher(path);
            if (m.matches()) {
                pathKnown = true;
                allowed.add(e.method);
                if (e.method.equals("GET")) allowed.add("HEAD");
                if (e.method.equals(method) || e.method.equals("GET") && method.equals("HEAD")) {
                    match = e;
                    params = new ArrayList<>();
                    for (int i = 1; i <= m.groupCount(); i++) params.add(m.group(i));
                    break;
                }
            }
        }
        Exchange exchange = new Exchange(request, response, callback, params);
        String routeName = match == null ? "unmatched" : match.name;
        try {
            if (match == null) {
                if (pathKnown) response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.ALLOW, String.join(", ", allowed)); // RFC 9110 §15.5.6
                throw pathKnown
                        ? new CaException(Problem.METHOD_NOT_ALLOWED, "The method " + method + " is not allowed on " + path + ".")
                        : new CaException(Problem.NOT_FOUND, "There is nothing at " + path + ".");
            }
            match.route.handle(exchange);
        } catch (CaException e) {
            if (e.isAuthenticationFailure()) report(request, method, path, e); // recorded before the client hears of it
            ProblemDocument.send(exchange, e);
        } catch (Exception | Error e) {
            String ref = UUID.randomUUID().toString();
            LOG.error("Internal error {} while answering {} {}", ref, method, path, e);
            ProblemDocument.send(exchange, new CaException(Problem.SERVER_INTERNAL,
                    "The server hit an internal error; quote reference " + ref + " to its operator."));
        } finally {
            timer(routeName, method, exchange.status()).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        return true;
    }

    private void report(Request request, String method, String path, CaException e) {
        try {
            refused.refused(Request.getRemoteAddr(request), method, path, e);
        } catch (RuntimeException ex) {
            LOG.error("Could not record the refused request {} {}: {}", method, path, ex.getMessage());
        }
    }

    private Timer timer(String route, String method, int status) {
        String key = route + ' ' + method + ' ' + status;
        return timers.computeIfAbsent(key, k -> Timer.builder("signet.http.requests")
                .description("HTTP requests by route, method and status")
                .tags("route", route, "method", method, "status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(metrics));
    }
}
