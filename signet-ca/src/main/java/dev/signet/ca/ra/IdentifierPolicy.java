package dev.signet.ca.ra;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.error.Subproblem;
import dev.signet.ca.storage.AcmeIdentifier;
import dev.signet.pki.SubjectName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which identifiers a new order may name: {@code dns} names (RFC 8555 §9.7.7; a wildcard only as the whole
 * leftmost label, validated by dns-01 alone, §7.1.3) and {@code ip} addresses (RFC 8738). Rejections name each bad
 * identifier in a subproblem (§6.7.1): {@code unsupportedIdentifier} for an unknown type, {@code rejectedIdentifier}
 * for a malformed value. Stateless and thread-safe.
 */
public final class IdentifierPolicy {
    /** The most identifiers one order may name. */
    public static final int MAX_IDENTIFIERS = 100;

    private IdentifierPolicy() {}

    /**
     * Normalises and checks an order's identifiers; duplicates collapse.
     *
     * @throws CaException {@code malformed} for an empty or oversized list, else the single identifier's problem, or
     *     {@code rejectedIdentifier} with one subproblem per bad identifier
     */
    public static List<OrderIdentifier> check(List<AcmeIdentifier> requested) {
        if (requested == null || requested.isEmpty()) {
            throw new CaException(Problem.MALFORMED, "The order names no identifiers.");
        }
        if (requested.size() > MAX_IDENTIFIERS) {
            throw new CaException(Problem.REJECTED_IDENTIFIER, "The order names " + requested.size()
                    + " identifiers; at most " + MAX_IDENTIFIERS + " are allowed.");
        }
        Set<OrderIdentifier> out = new LinkedHashSet<>();
        List<Subproblem> problems = new ArrayList<>();
        for (AcmeIdentifier id : requested) {
            if (id == null || id.type() == null || id.value() == null) {
                throw new CaException(Problem.MALFORMED, "Each identifier needs a type and a value.");
            }
            try {
                out.add(one(id));
            } catch (CaException e) {
                problems.add(new Subproblem(e.problem(), e.detail(), id.type(), id.value()));
            }
        }
        if (problems.size() == 1 && requested.size() == 1) {
            Subproblem p = problems.get(0);
            throw new CaException(p.problem(), p.detail()).withSubproblems(problems);
        }
        if (!problems.isEmpty()) {
            Problem top = problems.stream().allMatch(p -> p.problem() == Problem.UNSUPPORTED_IDENTIFIER)
                    ? Problem.UNSUPPORTED_IDENTIFIER : Problem.REJECTED_IDENTIFIER;
            throw new CaException(top, problems.size() + " of the order's identifiers cannot be issued; see the subproblems.")
                    .withSubproblems(problems);
        }
        return List.copyOf(out);
    }

    private static OrderIdentifier one(AcmeIdentifier id) {
        switch (id.type()) {
            case "dns": {
                String v = id.value();
                if (v.endsWith(".")) {
                    throw new CaException(Problem.REJECTED_IDENTIFIER, "The DNS name \"" + v + "\" must not end with a dot.");
                }
                SubjectName n;
                try {
                    n = SubjectName.dns(v);
                } catch (IllegalArgumentException e) {
                    throw new CaException(Problem.REJECTED_IDENTIFIER, e.getMessage());
                }
                boolean wildcard = n.value().startsWith("*.");
                String base = wildcard ? n.value().substring(2) : n.value();
                // the rule is on the name without its wildcard label: *.intranet covers as much as intranet
                if (base.indexOf('.') < 0 && !base.equals("localhost")) {
                    throw new CaException(Problem.REJECTED_IDENTIFIER, "The DNS name \"" + v + "\" has a single label; use a fully qualified name.");
                }
                return new OrderIdentifier(new AcmeIdentifier("dns", base), wildcard);
            }
            case "ip": {
                try {
                    SubjectName n = SubjectName.ip(id.value());
                    return new OrderIdentifier(new AcmeIdentifier("ip", n.value()), false);
                } catch (IllegalArgumentException e) {
                    throw new CaException(Problem.REJECTED_IDENTIFIER, "\"" + id.value() + "\" is not a valid IP address.");
                }
            }
            default:
                throw new CaException(Problem.UNSUPPORTED_IDENTIFIER, "The identifier type \"" + id.type()
                        + "\" is not supported; use dns or ip.");
        }
    }
}
