package com.leadqual.functions.form;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AllowListTest {
    @Test
    void parsesACommaSeparatedParameter() {
        assertThat(AllowList.parse(" https://a.com , ,https://b.com").entries())
                .containsExactly("https://a.com", "https://b.com");
        assertThat(AllowList.parse("").entries()).isEmpty();
    }

    @Test
    void originsMatchExactly() {
        AllowList origins = AllowList.parse("https://www.example.com");
        assertThat(origins.hasExactly("https://www.example.com")).isTrue();
        assertThat(origins.hasExactly("https://www.example.com.evil.net")).isFalse();
        assertThat(origins.hasExactly("http://www.example.com")).isFalse();
        assertThat(origins.hasExactly(null)).isFalse();
    }

    @Test
    void thankYouPagesMatchAtAPathBoundary() {
        AllowList pages = AllowList.parse("https://www.example.com/thank-you,https://b.example.com/");
        assertThat(pages.hasPrefixOf("https://www.example.com/thank-you")).isTrue();
        assertThat(pages.hasPrefixOf("https://www.example.com/thank-you?campaign=q4")).isTrue();
        assertThat(pages.hasPrefixOf("https://www.example.com/thank-you/demo")).isTrue();
        assertThat(pages.hasPrefixOf("https://b.example.com/anything")).isTrue();
        assertThat(pages.hasPrefixOf("https://www.example.com/thank-you-not")).isFalse();
        assertThat(pages.hasPrefixOf("https://www.example.com.evil.net/thank-you")).isFalse();
        assertThat(pages.hasPrefixOf("https://evil.net/?https://www.example.com/thank-you")).isFalse();
        assertThat(pages.hasPrefixOf(null)).isFalse();
    }
}
