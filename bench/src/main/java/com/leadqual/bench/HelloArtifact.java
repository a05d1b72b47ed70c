package com.leadqual.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadqual.bench.hello.HelloHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipFile;

/** The hello-world deployment artifact: its handler class and aws-lambda-java-core, as a shaded jar holds them. */
final class HelloArtifact {
    static final String HANDLER = HelloHandler.class.getName() + "::handleRequest";

    private HelloArtifact() {
    }

    static Path build(Path jar) {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            String handlerClass = HelloHandler.class.getName().replace('.', '/') + ".class";
            try (InputStream in = HelloHandler.class.getClassLoader().getResourceAsStream(handlerClass)) {
                out.putNextEntry(new JarEntry(handlerClass));
                in.transferTo(out);
                out.closeEntry();
            }
            Path core = Path.of(RequestStreamHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (ZipFile coreJar = new ZipFile(core.toFile())) {
                for (var entries = coreJar.entries(); entries.hasMoreElements(); ) {
                    var entry = entries.nextElement();
                    if (!entry.isDirectory() && entry.getName().endsWith(".class")) {
                        out.putNextEntry(new JarEntry(entry.getName()));
                        try (InputStream in = coreJar.getInputStream(entry)) {
                            in.transferTo(out);
                        }
                        out.closeEntry();
                    }
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the hello-world artifact " + jar, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
