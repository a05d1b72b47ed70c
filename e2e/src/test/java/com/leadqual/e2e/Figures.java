package com.leadqual.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The figures the suites measure, in target/local-runner-figures.txt (started afresh by each test JVM). */
final class Figures {
    private static final Path FILE = Path.of("target", "local-runner-figures.txt");
    private static boolean started;

    private Figures() {
    }

    static synchronized void record(String line) {
        System.out.println(line);
        try {
            Files.createDirectories(FILE.getParent());
            if (!started) {
                Files.writeString(FILE, "");
                started = true;
            }
            Files.writeString(FILE, line + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
