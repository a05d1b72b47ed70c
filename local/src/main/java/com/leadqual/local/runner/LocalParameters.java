package com.leadqual.local.runner;

import com.leadqual.local.SamTemplate;
import com.leadqual.local.SamTemplateException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The parameter values the local runner deploys the template with: the template's defaults, then the local file
 * ({@code local/parameters.properties}: values for parameters a deployment is asked for, such as the NoEcho Zoom
 * secret, and the runner's own origin added to allow-lists), then {@code --parameter Name=Value} from the command
 * line. In the file, {@code {default}} stands for the template's default, {@code {origins}} for the runner's
 * origins ({@code http://localhost:<port>,http://127.0.0.1:<port>}), {@code {pages}} for every page under them and
 * {@code {api}} for the runner's own URL ({@code http://127.0.0.1:<port>}).
 */
public final class LocalParameters {
    private LocalParameters() {
    }

    /**
     * @param file     the local parameters file, or null for none
     * @param apiPort  the port the API is served on (for {@code {origins}} and {@code {pages}})
     * @throws SamTemplateException naming each parameter left without a value, or an unknown one
     */
    public static Map<String, String> resolve(SamTemplate template, Path file, Map<String, String> commandLine,
            int apiPort) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> fromFile = read(file);
        for (Map.Entry<String, String> e : fromFile.entrySet()) {
            SamTemplate.Parameter p = template.parameters().get(e.getKey());
            if (p == null) {
                throw new SamTemplateException(file + ": '" + e.getKey() + "' is not a parameter of the template"
                        + " (parameters: " + String.join(", ", template.parameters().keySet()) + ")");
            }
            values.put(e.getKey(), expand(e.getValue(), p.defaultValue(), apiPort));
        }
        for (Map.Entry<String, String> e : commandLine.entrySet()) {
            if (!template.parameters().containsKey(e.getKey())) {
                throw new SamTemplateException("--parameter " + e.getKey() + ": not a parameter of the template"
                        + " (parameters: " + String.join(", ", template.parameters().keySet()) + ")");
            }
            values.put(e.getKey(), e.getValue());
        }
        List<String> missing = new ArrayList<>();
        template.parameters().forEach((name, p) -> {
            if (p.defaultValue() == null && !values.containsKey(name)) {
                missing.add(name);
            }
        });
        if (!missing.isEmpty()) {
            throw new SamTemplateException("the template's parameter(s) " + String.join(", ", missing)
                    + " have no Default and no local value: add Name=value to " + (file == null
                    ? "a parameters file" : file) + " or pass --parameter Name=value");
        }
        return values;
    }

    static String expand(String value, String templateDefault, int apiPort) {
        String origins = "http://localhost:" + apiPort + ",http://127.0.0.1:" + apiPort;
        String pages = "http://localhost:" + apiPort + "/,http://127.0.0.1:" + apiPort + "/";
        String expanded = value.replace("{default}", templateDefault == null ? "" : templateDefault)
                .replace("{origins}", origins).replace("{pages}", pages).replace("{api}", "http://127.0.0.1:" + apiPort);
        // An empty default leaves ",x" or "x,": drop empty list items so no allow-list holds "".
        if (expanded.contains(",")) {
            List<String> items = new ArrayList<>();
            for (String item : expanded.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
            return String.join(",", items);
        }
        return expanded;
    }

    private static Map<String, String> read(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        if (file == null) {
            return values;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new SamTemplateException("cannot read the local parameters file " + file + ": " + e.getMessage());
        }
        properties.stringPropertyNames().stream().sorted().forEach(n -> values.put(n, properties.getProperty(n)));
        return values;
    }
}
