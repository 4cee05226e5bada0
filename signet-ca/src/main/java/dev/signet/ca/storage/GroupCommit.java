package dev.signet.ca.storage;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Group commit for SQLite: the transactions of concurrent callers run one after another on one writer thread and
 * share one {@code COMMIT}, so that one disk sync ({@code synchronous=FULL}) makes a whole batch durable instead of one
 * sync per transaction. SQLite runs one writer at a time anyway; what the batch saves is the waiting for the disk.
 *
 * <p>Each transaction runs inside its own {@code SAVEPOINT}: one that throws is rolled back to it alone and fails
 * alone, the others of its batch still commit. No caller returns before the {@code COMMIT} that holds its writes has
 * returned, so durability is unchanged: nothing is answered that a crash could take back. When the commit itself
 * fails, every transaction of the batch fails.
 *
 * <p>A batch takes what has queued up while the previous one committed, at most {@value #MAX_BATCH} transactions;
 * nothing waits to fill a batch, so a lone caller pays one commit as before.
 *
 * <p>Thread-safe. Work runs on the writer thread, so it must only touch the database through the connection it is
 * given, and must not start another transaction (it would wait for itself).
 */
final class GroupCommit implements AutoCloseable {
    static final int MAX_BATCH = 256;

    /** A transaction waiting for its batch. */
    private static final class Job<T> {
        final Jdbc.Work<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();
        final List<AuditEvent> audit = new ArrayList<>();
        T value;

        Job(Jdbc.Work<T> work) {
            this.work = work;
        }
    }

    private static final Job<Object> STOP = new Job<>(c -> null);

    private final DataSource pool;
    private final ThreadLocal<List<AuditEvent>> auditCollector;
    private final Consumer<AuditEvent> publisher;
    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    /** Guards {@link #closed} with the queue, so that no job is queued behind the stop. */
    private final Object admission = new Object();
    private boolean closed;

    /**
     * @param auditCollector the list {@link Jdbc#insertAudit} adds a transaction's audit events to, set per job
     * @param publisher where committed audit events go
     */
    GroupCommit(DataSource pool, ThreadLocal<List<AuditEvent>> auditCollector, Consumer<AuditEvent> publisher) {
        this.pool = pool;
        this.auditCollector = auditCollector;
        this.publisher = publisher;
        this.writer = new Thread(this::run, "signet-db-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Whether the calling thread is the writer (work running in a batch). */
    boolean isWriterThread() {
        return Thread.currentThread() == writer;
    }

    /**
     * Runs {@code work} in the next batch and waits until that batch committed.
     *
     * @throws SQLException or {@link IOException} as the work threw it, or the commit's failure
     */
    <T> T run(Jdbc.Work<T> work) throws SQLException, IOException {
        Job<T> job = new Job<>(work);
        synchronized (admission) {
            if (closed) throw new SQLException("The database is closed.");
            queue.add(job);
        }
        try {
            return job.result.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException s) throw s;
            if (cause instanceof IOException io) throw io;
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw e;
        }
    }

    private void run() {
        List<Job<?>> batch = new ArrayList<>();
        while (true) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.remove(STOP);
            if (!batch.isEmpty()) commit(batch);
            if (stop) {
                List<Job<?>> late = new ArrayList<>();
                queue.drainTo(late);
                for (Job<?> j : late) j.result.completeExceptionally(new SQLException("The database is closed."));
                return;
            }
        }
    }

    private void commit(List<Job<?>> batch) {
        List<Job<?>> done = new ArrayList<>();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Job<?> job : batch) {
                    if (runInSavepoint(c, job)) done.add(job);
                }
                c.commit();
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                // every job not yet failed on its own fails with the batch, whichever job the failure came in
                for (Job<?> job : batch) job.result.completeExceptionally(e);
                return;
            } finally {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // the pool resets or replaces the connection
                }
            }
        } catch (SQLException e) { // no connection, or it could not go back to the pool: the batch fails
            for (Job<?> job : batch) job.result.completeExceptionally(e);
            return;
        }
        for (Job<?> job : done) complete(job);
    }

    /** Runs one job in a savepoint; false (and the job failed) when its work threw. */
    private <T> boolean runInSavepoint(Connection c, Job<T> job) throws SQLException {
        Statements.execute(c, "SAVEPOINT job");
        auditCollector.set(job.audit);
        try {
            job.value = job.work.run(c);
            Statements.execute(c, "RELEASE job");
            return true;
        } catch (SQLException | IOException | RuntimeException | Error e) {
            Statements.execute(c, "ROLLBACK TO job");
            Statements.execute(c, "RELEASE job");
            job.audit.clear();
            job.result.completeExceptionally(e);
            return false;
        } finally {
            auditCollector.remove();
        }
    }

    private <T> void complete(Job<T> job) {
        for (AuditEvent e : job.audit) publisher.accept(e);
        job.result.complete(job.value);
    }

    /** Commits what is queued, then stops the writer; later calls fail. */
    @Override
    public void close() {
        synchronized (admission) {
            if (closed) return;
            closed = true;
            queue.add(STOP);
        }
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
