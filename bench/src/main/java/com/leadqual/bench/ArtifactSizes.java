package com.leadqual.bench;

import com.leadqual.local.SamTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Each function's deployment artifact (the template's CodeUri): its size, and what takes the room in it. */
final class ArtifactSizes {
    static final long TARGET_BYTES = 10L * 1000 * 1000;

    private ArtifactSizes() {
    }

    static void run(Bench.Options options, PrintStream out) throws IOException {
        java.util.List<SamTemplate.Function> functions;
        try (BenchStack stack = BenchStack.start()) {
            functions = stack.functions();
        }
        out.println("## Artifact sizes (target <= 10 MB = 10,000,000 bytes)");
        out.println();
        Table sizes = new Table("function", "artifact", "bytes", "MB", "entries", "target", "largest parts (compressed kB)");
        for (SamTemplate.Function function : functions) {
            Path artifact = Repo.root().resolve(function.codeUri());
            long bytes = Files.size(artifact);
            try (ZipFile zip = new ZipFile(artifact.toFile())) {
                sizes.row(function.logicalId(), function.codeUri(), bytes, bytes / 1e6, zip.size(),
                        bytes <= TARGET_BYTES ? "holds" : "MISSES", largestParts(zip));
            }
        }
        sizes.print(out);
    }

    /** Compressed bytes by package, three levels deep, largest first. */
    private static String largestParts(ZipFile zip) {
        Map<String, Long> byPart = new TreeMap<>();
        zip.stream().filter(e -> !e.isDirectory()).forEach(e -> byPart.merge(part(e), e.getCompressedSize(), Long::sum));
        return byPart.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(4)
                .map(e -> e.getKey() + " " + e.getValue() / 1000).reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static String part(ZipEntry entry) {
        String[] path = entry.getName().split("/");
        int depth = path[0].equals("software") ? Math.min(path.length - 1, 5) : Math.min(path.length - 1, 3);
        return depth <= 0 ? entry.getName() : String.join("/", java.util.Arrays.copyOf(path, depth));
    }
}
