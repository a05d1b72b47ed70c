package com.leadqual.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Makes sqlite4java (used by DynamoDB Local) find its native library without any manual step.
 * Why: Maven resolves the library as a {@code .so} artifact named {@code libsqlite4java-linux-amd64-1.0.392.so}, but
 * sqlite4java only loads it from {@code sqlite4java.library.path} under its plain name; surefire, exec and a jar
 * all run with different class paths, so we look in each known place and copy it to a temp dir.
 */
final class NativeLibs {
    static final String PROPERTY = "sqlite4java.library.path";
    private static final String VERSION = "1.0.392";

    private NativeLibs() {
    }

    /** Sets {@value #PROPERTY} unless already set; idempotent and thread-safe. */
    static synchronized void ensureSqlite4java() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        String base = libraryBaseName();
        String ext = base.endsWith("osx") ? ".dylib" : ".so";
        List<Path> candidates = candidates(base, ext);
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                try {
                    Path dir = Files.createTempDirectory("sqlite4java");
                    Path target = dir.resolve(base + ext);
                    Files.copy(candidate, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().deleteOnExit();
                    dir.toFile().deleteOnExit();
                    System.setProperty(PROPERTY, dir.toString());
                    return;
                } catch (IOException e) {
                    throw new IllegalStateException("Could not copy " + candidate + " to a temp dir for sqlite4java", e);
                }
            }
        }
        throw new IllegalStateException("DynamoDB Local needs the sqlite4java native library " + base + ext
                + " and it was not found; looked in " + candidates
                + ". Set -D" + PROPERTY + "=<dir containing " + base + ext + ">.");
    }

    private static String libraryBaseName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
            return "libsqlite4java-linux-amd64";
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return "libsqlite4java-osx";
        }
        throw new IllegalStateException("sqlite4java " + VERSION + " has no native library for " + os + "/" + arch
                + "; set -D" + PROPERTY + " to a directory holding a compatible build.");
    }

    private static List<Path> candidates(String base, String ext) {
        List<Path> out = new ArrayList<>();
        // 1. Class path entries: exec:java and a plain `java -cp` list the .so artifact itself.
        for (String prop : new String[] {"java.class.path", "surefire.test.class.path", "jdk.module.path"}) {
            String cp = System.getProperty(prop);
            if (cp == null) {
                continue;
            }
            for (String entry : cp.split(File.pathSeparator)) {
                String name = Path.of(entry).getFileName() == null ? "" : Path.of(entry).getFileName().toString();
                if (name.startsWith(base) && name.endsWith(ext)) {
                    out.add(Path.of(entry));
                }
            }
        }
        // 2. target/native-libs, filled by maven-dependency-plugin, next to target/classes or the module's jar.
        try {
            Path codeSource = Path.of(NativeLibs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path targetDir = codeSource.getParent();
            if (targetDir != null) {
                addMatches(out, targetDir.resolve("native-libs"), base, ext);
            }
        } catch (Exception ignored) {
            // no code source (unusual class loader): the other places remain
        }
        addMatches(out, Path.of("target", "native-libs"), base, ext);
        addMatches(out, Path.of("local", "target", "native-libs"), base, ext);
        // 3. The local Maven repository, by the coordinates DynamoDBLocal's pom depends on.
        String repo = System.getProperty("maven.repo.local",
                System.getProperty("user.home") + File.separator + ".m2" + File.separator + "repository");
        out.add(Path.of(repo, "com", "almworks", "sqlite4java", base, VERSION, base + "-" + VERSION + ext));
        return out;
    }

    private static void addMatches(List<Path> out, Path dir, String base, String ext) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(base) && n.endsWith(ext);
            }).sorted().forEach(out::add);
        } catch (IOException ignored) {
            // unreadable directory: not a candidate
        }
    }
}
