package dev.signet.bench.acme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time, memory and storage writes of a Linux process from {@code /proc/PID/stat}, {@code /proc/PID/status} and
 * {@code /proc/PID/io} ({@code proc(5)}). CPU is user plus system time in clock ticks of 10 ms (the kernel's USER_HZ,
 * 100 on Linux).
 */
public final class ProcessUsage {
    private static final double MS_PER_TICK = 10.0;

    private ProcessUsage() {}

    /** User plus system CPU milliseconds the process has used, or -1 when it cannot be read. */
    public static double cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state is field 3, utime field 14, stime field 15
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The resident set size in MiB ({@code VmRSS}), or -1 when it cannot be read. */
    public static double residentMib(long pid) {
        return statusMib(pid, "VmRSS:");
    }

    /**
     * Bytes the process caused to be written to storage ({@code write_bytes} of {@code /proc/PID/io}: counted when
     * the page cache is dirtied, so a page written twice before it is flushed counts twice), or -1 when it cannot be
     * read (another user's process, or not Linux).
     */
    public static long writtenBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
                if (line.startsWith("write_bytes:")) return Long.parseLong(line.substring("write_bytes:".length()).trim());
            }
        } catch (IOException | RuntimeException e) {
            // gone, not ours, or not Linux
        }
        return -1;
    }

    private static double statusMib(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) / 1024.0;
            }
        } catch (IOException | RuntimeException e) {
            // gone or not Linux
        }
        return -1;
    }
}
