package com.leadqual.local.lambda;

import com.leadqual.local.lambda.testfunctions.EchoFunction;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** A function artifact holding only the test functions, like a CodeUri jar without dependencies. */
final class TestArtifacts {
    private TestArtifacts() {
    }

    static Path testFunctionsJar(Path dir) throws Exception {
        Path artifact = dir.resolve("test-functions.jar");
        Path classes = Path.of(EchoFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path pkg = classes.resolve("com/leadqual/local/lambda/testfunctions");
        try (OutputStream file = Files.newOutputStream(artifact); JarOutputStream jar = new JarOutputStream(file);
                var classFiles = Files.list(pkg)) {
            for (Path c : classFiles.toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(c).toString()));
                jar.write(Files.readAllBytes(c));
                jar.closeEntry();
            }
        }
        return artifact;
    }
}
