package dev.signet.ca.va;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.naming.CommunicationException;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.ServiceUnavailableException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * A, AAAA and TXT lookups for the validators, through the JDK's JNDI DNS provider ({@code jdk.naming.dns}).
 *
 * <p>With configured resolvers every lookup goes to them ({@code dns://host:port} provider URLs), with retries and
 * timeouts drawn from the validation's time budget; CNAMEs are followed up to {@value #MAX_CNAME_HOPS} times. Without
 * them addresses come from the system resolver ({@link InetAddress}, whose timeouts the operating system sets) and TXT
 * records from JNDI with the system's name servers ({@code dns:}).
 *
 * <p>A name that does not exist (NXDOMAIN), a name with no records of the type and a lookup without an answer all end
 * in a {@link DnsException} with a sentence for the client. Thread-safe: each lookup opens its own JNDI context and closes it when done.
 */
public final class NameResolver {
    static final int MAX_CNAME_HOPS = 8;
    private static final String FACTORY = "com.sun.jndi.dns.DnsContextFactory";
    private static final String INITIAL_TIMEOUT = "com.sun.jndi.dns.timeout.initial";
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final List<InetSocketAddress> servers;
    private final Duration timeout;

    /**
     * @param servers the DNS servers to ask; empty for the system resolver
     * @param timeout the time a lookup may take when no shorter budget is given
     */
    public NameResolver(List<InetSocketAddress> servers, Duration timeout) {
        this.servers = List.copyOf(servers);
        this.timeout = timeout;
    }

    /**
     * The addresses to connect to for a host: the host itself when it is an IP literal (brackets allowed), else its
     * AAAA records followed by its A records (IPv6 first, as Let's Encrypt does; callers fall back to the next address
     * when one refuses the connection).
     */
    public List<InetAddress> addresses(String host) throws DnsException {
        return addresses(host, Deadline.after(timeout));
    }

    /** The strings of each TXT record at the name, each record's character-strings joined (RFC 7208 §3.3 style). */
    public List<String> txt(String name) throws DnsException {
        return txt(name, Deadline.after(timeout));
    }

    List<InetAddress> addresses(String host, Deadline deadline) throws DnsException {
        if (isIpLiteral(host)) return List.of(literal(host));
        List<String> found = new ArrayList<>();
        if (servers.isEmpty()) {
            try {
                for (InetAddress a : InetAddress.getAllByName(host)) found.add(a.getHostAddress());
            } catch (UnknownHostException e) {
                throw new DnsException("No A or AAAA record was found for " + host + ".");
            }
        } else {
            try (Lookup lookup = new Lookup(deadline)) {
                found.addAll(lookup.query(host, "AAAA"));
                found.addAll(lookup.query(host, "A"));
            }
        }
        if (found.isEmpty()) throw new DnsException("No A or AAAA record was found for " + host + ".");
        List<InetAddress> result = new ArrayList<>();
        for (String address : found) result.add(literal(address));
        return result;
    }

    List<String> txt(String name, Deadline deadline) throws DnsException {
        List<String> records;
        try (Lookup lookup = new Lookup(deadline)) {
            records = lookup.query(name, "TXT");
        }
        if (records.isEmpty()) throw new DnsException("No TXT record was found at " + name + ".");
        return records.stream().map(NameResolver::joinCharacterStrings).collect(Collectors.toList());
    }

    /** Whether the host is an IPv4 or IPv6 literal, which needs no lookup. */
    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || IPV4_LITERAL.matcher(host).matches();
    }

    /** An IP literal as an address, without any lookup (callers check {@link #isIpLiteral} first). */
    static InetAddress literal(String ip) throws DnsException {
        String bare = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
        if (!isIpLiteral(bare)) throw new DnsException(ip + " is not an IP address.");
        try {
            return InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            throw new DnsException(ip + " is not a valid IP address.");
        }
    }

    /**
     * The queries of one lookup (the AAAA and A of an address lookup, with the CNAMEs they follow) on one JNDI context:
     * creating a context costs more CPU than the query it makes. Each query still draws its timeout from the time left.
     * Not thread-safe; one lookup, one thread.
     */
    private final class Lookup implements AutoCloseable {
        private final Deadline deadline;
        private DirContext context;

        Lookup(Deadline deadline) {
            this.deadline = deadline;
        }

        List<String> query(String name, String type) throws DnsException {
            String current = name;
            for (int hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
                List<String> values = values(current, type);
                if (!values.isEmpty()) return values;
                List<String> cname = values(current, "CNAME");
                if (cname.isEmpty()) return List.of();
                current = cname.get(0);
            }
            throw new DnsException("The " + type + " lookup of " + name + " followed more than " + MAX_CNAME_HOPS
                    + " CNAME records.");
        }

        private List<String> values(String name, String type) throws DnsException {
            try {
                String initialTimeout = initialTimeout(deadline);
                if (context == null) {
                    context = new InitialDirContext(environment(initialTimeout));
                } else {
                    context.addToEnvironment(INITIAL_TIMEOUT, initialTimeout);
                }
                Attribute attribute = context.getAttributes(name, new String[] {type}).get(type);
                List<String> values = new ArrayList<>();
                if (attribute != null) {
                    NamingEnumeration<?> all = attribute.getAll();
                    while (all.hasMore()) values.add(String.valueOf(all.next()));
                }
                return values;
            } catch (NameNotFoundException e) {
                throw new DnsException("The name " + name + " does not exist in DNS (NXDOMAIN).");
            } catch (ServiceUnavailableException e) {
                throw new DnsException("The DNS servers failed to answer the " + type + " query for " + name
                        + " (SERVFAIL).");
            } catch (CommunicationException e) {
                throw new DnsException("The " + type + " query for " + name + " got no answer from the DNS servers "
                        + serverList() + ".");
            } catch (SocketTimeoutException e) {
                throw new DnsException("The " + type + " query for " + name + " was not answered within "
                        + deadline.budget().toMillis() + " ms.");
            } catch (NamingException e) {
                throw new DnsException("The " + type + " query for " + name + " failed: " + e.getExplanation() + ".");
            }
        }

        @Override
        public void close() {
            if (context == null) return;
            try {
                context.close();
            } catch (NamingException ignored) {
                // nothing is held open between lookups
            }
        }
    }

    private Hashtable<String, String> environment(String initialTimeout) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, FACTORY);
        env.put(Context.PROVIDER_URL, servers.isEmpty() ? "dns:" : servers.stream()
                .map(NameResolver::url).collect(Collectors.joining(" ")));
        env.put(INITIAL_TIMEOUT, initialTimeout);
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        return env;
    }

    /** Two rounds over all servers, the second with twice the wait: 3 * initial * servers = the time left. */
    private String initialTimeout(Deadline deadline) throws SocketTimeoutException {
        int perServer = Math.max(1, servers.size());
        return Long.toString(Math.max(50, deadline.remainingMillis() / (3L * perServer)));
    }

    private String serverList() {
        return servers.isEmpty() ? "of the system" : servers.stream().map(NameResolver::url)
                .collect(Collectors.joining(", "));
    }

    private static String url(InetSocketAddress server) {
        String host = server.getHostString();
        if (host.indexOf(':') >= 0) host = "[" + host + "]";
        return "dns://" + host + ":" + server.getPort();
    }

    /**
     * JNDI renders a TXT record's character-strings separated by spaces, quoting those that are empty or hold a space
     * and escaping quotes and backslashes; this joins them back into one value (RFC 8555 §8.4 values are one string).
     */
    static String joinCharacterStrings(String jndiText) {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < jndiText.length(); i++) {
            char c = jndiText.charAt(i);
            if (c == '\\' && i + 1 < jndiText.length()) out.append(jndiText.charAt(++i));
            else if (c == '"') quoted = !quoted;
            else if (c == ' ' && !quoted) continue;
            else out.append(c);
        }
        return out.toString();
    }

    /** The reverse-DNS name of an address (RFC 8738 §6): {@code 4.3.2.1.in-addr.arpa} or nibbles in {@code ip6.arpa}. */
    static String reverseName(InetAddress address) {
        byte[] bytes = address.getAddress();
        StringBuilder out = new StringBuilder();
        for (int i = bytes.length - 1; i >= 0; i--) {
            int b = bytes[i] & 0xff;
            if (bytes.length == 4) out.append(b).append('.');
            else out.append(Integer.toHexString(b & 0xf)).append('.').append(Integer.toHexString(b >> 4)).append('.');
        }
        return out.append(bytes.length == 4 ? "in-addr.arpa" : "ip6.arpa").toString().toLowerCase(Locale.ROOT);
    }
}
