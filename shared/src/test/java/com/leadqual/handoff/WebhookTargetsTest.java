package com.leadqual.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class WebhookTargetsTest {
    @Test
    void httpsTargetsAndLoopbackHttpAreAccepted() {
        assertThat(WebhookTargets.parse(" https://crm.example.com/hooks/leadqual , http://127.0.0.1:8123/h,"))
                .containsExactly(URI.create("https://crm.example.com/hooks/leadqual"),
                        URI.create("http://127.0.0.1:8123/h"));
        assertThat(WebhookTargets.parse("http://localhost:9/x")).hasSize(1);
    }

    @Test
    void plainHttpElsewhereCredentialsDuplicatesAndEmptyAreRefusedWithoutEchoingTheUrl() {
        assertThatThrownBy(() -> WebhookTargets.parse("http://crm.example.com/h"))
                .hasMessageContaining("https").hasMessageNotContaining("crm.example.com");
        assertThatThrownBy(() -> WebhookTargets.parse("https://user:token@crm.example.com/h"))
                .hasMessageContaining("user info").hasMessageNotContaining("token");
        assertThatThrownBy(() -> WebhookTargets.parse("https://a.example.com/h,https://a.example.com/h"))
                .hasMessageContaining("#2 repeats");
        assertThatThrownBy(() -> WebhookTargets.parse(" , ")).hasMessageContaining("no webhook URL");
        assertThatThrownBy(() -> WebhookTargets.parse("crm.example.com/h")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> WebhookTargets.parse("https://a.example.com/h h")).hasMessageContaining("#1");
        assertThatThrownBy(() -> WebhookTargets.parse(
                "https://a.io/1,https://a.io/2,https://a.io/3,https://a.io/4,https://a.io/5,https://a.io/6"))
                .hasMessageContaining("at most 5");
    }

    @Test
    void logsDescribeATargetByItsHostOnly() {
        assertThat(WebhookTargets.describe(URI.create("https://hooks.slack.com/services/T0/B0/secret-token")))
                .isEqualTo("hooks.slack.com");
        assertThat(WebhookTargets.describe(URI.create("http://127.0.0.1:8123/h?token=x"))).isEqualTo("127.0.0.1:8123");
    }
}
