package com.leadqual.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentDecodingTest {
    @Test
    void decodesEscapesAndLeavesPlusAndLiteralsAlone() {
        assertThat(PercentDecoding.decode("dana.reyes%40northwind-analytics.com")).isEqualTo("dana.reyes@northwind-analytics.com");
        assertThat(PercentDecoding.decode("dana+crm%40example.com")).isEqualTo("dana+crm@example.com");
        assertThat(PercentDecoding.decode("dana@example.com")).isEqualTo("dana@example.com");
        assertThat(PercentDecoding.decode("50%25%2a%2A")).isEqualTo("50%**");
        assertThat(PercentDecoding.decode("jos%C3%A9%40example.com")).isEqualTo("jos\u00e9@example.com");
    }

    @Test
    void refusesMalformedEscapesAndBytesThatAreNotUtf8() {
        assertThatThrownBy(() -> PercentDecoding.decode("dana%4")).hasMessageContaining("incomplete");
        assertThatThrownBy(() -> PercentDecoding.decode("dana%")).hasMessageContaining("incomplete");
        assertThatThrownBy(() -> PercentDecoding.decode("dana%zz")).hasMessageContaining("two hex digits");
        assertThatThrownBy(() -> PercentDecoding.decode("dana%\u0663\u0663")).hasMessageContaining("two hex digits");
        assertThatThrownBy(() -> PercentDecoding.decode("%C3%28")).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> PercentDecoding.decode("%FF")).hasMessageContaining("UTF-8");
    }
}
