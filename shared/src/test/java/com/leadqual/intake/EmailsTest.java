package com.leadqual.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailsTest {

    @Test
    void normalizeTrimsAndLowerCases() {
        assertThat(Emails.normalize("  Jane.Doe@Example.COM \t")).isEqualTo("jane.doe@example.com");
        assertThat(Emails.normalize(null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@b.co", "jane.doe@example.com", "first.last+tag@sub.example.co.uk",
            "o'brien@example.ie", "x!#$%&'*+/=?^_`{|}~-y@example.com", "user@xn--bcher-kva.example",
            "user@example.xn--p1ai", "user@a-b.example.com", "1234@123.example.com"})
    void acceptsPragmaticAddresses(String email) {
        assertThat(Emails.problem(email)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''|is required",
            "plainaddress|exactly one '@'",
            "a@b@example.com|exactly one '@'",
            "@example.com|missing the part before '@'",
            "user@|missing the domain",
            "\"john doe\"@example.com|quoted local parts",
            "\"john\"@example.com|quoted local parts",
            "john..doe@example.com|consecutive dots",
            ".john@example.com|start or end",
            "john.@example.com|start or end",
            "jo(hn)@example.com|not allowed before '@'",
            "jo,hn@example.com|not allowed before '@'",
            "jürgen@example.com|ASCII part before '@'",
            "user@[192.168.0.1]|IP-address literals",
            "user@[ipv6:2001:db8::1]|IP-address literals",
            "user@192.168.0.1|alphabetic top-level domain",
            "user@münchen.de|punycode",
            "user@例え.jp|punycode",
            "user@localhost|at least two labels",
            "user@example..com|empty domain label",
            "user@.example.com|empty domain label",
            "user@example.com.|empty domain label",
            "user@-example.com|starting or ending with '-'",
            "user@example-.com|starting or ending with '-'",
            "user@exa_mple.com|domain character",
            "user@example.c|alphabetic top-level domain",
            "user@example.c0m|alphabetic top-level domain",
            "user@example.xn--|starting or ending with '-'",
            "user@example.123|alphabetic top-level domain",
            "User@example.com|normalized",
            "jo hn@example.com|whitespace",
    })
    void rejectsWithAMessage(String email, String message) {
        assertThat(Emails.problem(email)).hasValueSatisfying(p -> assertThat(p).contains(message));
    }

    @Test
    void rejectsControlCharacters() {
        assertThat(Emails.problem("jo\u0000hn@example.com")).hasValueSatisfying(p -> assertThat(p).contains("control"));
        assertThat(Emails.problem("john@exa\u007fmple.com")).hasValueSatisfying(p -> assertThat(p).contains("control"));
        assertThat(Emails.problem(null)).contains("is required");
    }

    @Test
    void lengthLimits() {
        String local64 = "a".repeat(64);
        assertThat(Emails.problem(local64 + "@example.com")).isEmpty();
        assertThat(Emails.problem("a".repeat(65) + "@example.com")).hasValueSatisfying(
                p -> assertThat(p).contains("longer than 64"));
        String label63 = "b".repeat(63);
        assertThat(Emails.problem("a@" + label63 + ".com")).isEmpty();
        assertThat(Emails.problem("a@" + "b".repeat(64) + ".com")).hasValueSatisfying(
                p -> assertThat(p).contains("label longer than 63"));
        // 254 total is fine, 255 is not.
        String exactly254 = "a@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + "."
                + "e".repeat(56) + ".com";
        assertThat(exactly254).hasSize(254);
        assertThat(Emails.problem(exactly254)).isEmpty();
        assertThat(Emails.problem("a" + exactly254)).hasValueSatisfying(p -> assertThat(p).contains("longer than 254"));
        String huge = "a".repeat(300) + "@" + "b".repeat(20) + ".com";
        assertThat(huge.length()).isGreaterThan(320);
        assertThat(Emails.problem(huge)).hasValueSatisfying(p -> assertThat(p).contains("longer than 254"));
    }

    @Test
    void problemsNeverRepeatTheAddress() {
        for (String bad : new String[] {"secret.person@münchen.de", "secret..person@example.com",
                "secret.person@[10.0.0.1]", "\"secret\"@example.com"}) {
            assertThat(Emails.problem(bad)).hasValueSatisfying(p -> assertThat(p).doesNotContain("secret"));
        }
    }

    @Test
    void redactIsAStableHashPrefix() {
        String r = Emails.redact("jane.doe@example.com");
        assertThat(r).matches("lead#[0-9a-f]{12}");
        assertThat(r).isEqualTo(Emails.redact("jane.doe@example.com"));
        assertThat(r).isNotEqualTo(Emails.redact("john.doe@example.com"));
        assertThat(r).doesNotContain("jane").doesNotContain("example");
        // SHA-256("jane.doe@example.com") computed independently of the implementation.
        assertThat(r).isEqualTo("lead#" + sha256Hex("jane.doe@example.com").substring(0, 12));
        assertThat(Emails.redact(null)).isEqualTo("lead#none");
    }

    private static String sha256Hex(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(TestSupport.utf8(s));
            StringBuilder sb = new StringBuilder();
            for (byte b : d) {
                sb.append(String.format("%02x", b & 0xff));
            }
            return sb.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
