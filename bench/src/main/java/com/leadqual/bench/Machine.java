package com.leadqual.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on, and the memory of a process (Linux /proc). */
final class Machine {
    private Machine() {
    }

    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.name") + ")";
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** VmHWM: the most resident memory the process ever had, in kB; -1 when unreadable. */
    static long peakRssKb(long pid) {
        return statusField(pid, "VmHWM:");
    }

    /**
     * CPU time the process used so far (user + system, all its threads), in milliseconds: far less disturbed by
     * other work on a shared machine than wall time, so its ratios are the steadier ones. -1 when unreadable.
     */
    static long cpuMillis(long pid) {
        return cpuMillis(Path.of("/proc", Long.toString(pid)));
    }

    /** As {@link #cpuMillis(long)}, of a /proc entry: a process, or a thread under /proc/PID/task. */
    static long cpuMillis(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            // Fields after the command name, which is in parentheses and may hold spaces: utime is the 14th field.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** USER_HZ, 100 on every Linux of our targets (the kernel's ABI constant, not the scheduler's tick). */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private static long statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
