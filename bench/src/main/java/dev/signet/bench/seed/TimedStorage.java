package dev.signet.bench.seed;

import dev.signet.ca.storage.Storage;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link Storage} that passes every call to another one and adds up the nanoseconds spent per method name, so that
 * the time the CA's own code spends in the database can be told apart from the rest without changing that code.
 * A dynamic proxy: the interface has dozens of methods and only a few are timed on purpose. Thread-safe.
 */
final class TimedStorage implements InvocationHandler {
    private final Storage target;
    private final Storage proxy;
    private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();

    TimedStorage(Storage target) {
        this.target = target;
        this.proxy = (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class}, this);
    }

    /** The timed storage to hand to the code under measurement. */
    Storage storage() {
        return proxy;
    }

    /** Seconds spent in {@code method} so far, over all its calls. */
    double seconds(String method) {
        LongAdder n = nanos.get(method);
        return n == null ? 0 : n.sum() / 1e9;
    }

    /** Seconds spent in every method so far. */
    double totalSeconds() {
        return nanos.values().stream().mapToLong(LongAdder::sum).sum() / 1e9;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        long start = System.nanoTime();
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            nanos.computeIfAbsent(method.getName(), k -> new LongAdder()).add(System.nanoTime() - start);
        }
    }
}
