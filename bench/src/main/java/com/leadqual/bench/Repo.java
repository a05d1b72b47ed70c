package com.leadqual.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's root (where template.yaml and events/ are), from bench/run at the root or a test in bench/. */
final class Repo {
    private Repo() {
    }

    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("events"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run from the project (no template.yaml with events/ above "
                + Path.of("").toAbsolutePath() + ")");
    }

    static Path template() {
        return root().resolve("template.yaml");
    }

    static Path events() {
        return root().resolve("events");
    }
}
