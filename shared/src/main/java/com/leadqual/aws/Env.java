package com.leadqual.aws;

/**
 * Reads the function's configuration from the environment that template.yaml sets. Every name the code reads
 * passes through here as a literal, so a test can check each one is set in the template.
 */
public final class Env {
    private Env() {
    }

    public static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set; template.yaml sets it");
        }
        return value;
    }

    public static String optional(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
