package com.leadqual.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadqual.local.SamTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalParametersTest {
    private static final Path REPO = Path.of("..");

    @Test
    void theProjectsFileGivesTheSecretAndAddsTheRunnersOriginToTheAllowLists() {
        SamTemplate template = SamTemplate.load(REPO.resolve("template.yaml"));
        Map<String, String> values = LocalParameters.resolve(template, REPO.resolve("local/parameters.properties"),
                Map.of(), 3000);

        assertThat(values.get("ZoomWebhookSecretToken")).isEqualTo("local-zoom-secret");
        assertThat(values.get("AllowedOrigins"))
                .isEqualTo("https://www.example.com,http://localhost:3000,http://127.0.0.1:3000");
        assertThat(values.get("RedirectAllowList"))
                .isEqualTo("https://www.example.com/thank-you,http://localhost:3000/,http://127.0.0.1:3000/");
        assertThat(values.get("HandoffWebhookUrls")).isEqualTo("http://127.0.0.1:3000/_local/webhooks/crm");
        assertThat(values.get("HandoffSigningSecret")).hasSizeGreaterThanOrEqualTo(32);
        assertThat(template.withParameters(values).parameterValue("RulesFile")).as("template default").isEmpty();
    }

    @Test
    void theCommandLineWinsOverTheFile() {
        SamTemplate template = SamTemplate.load(REPO.resolve("template.yaml"));
        Map<String, String> values = LocalParameters.resolve(template, REPO.resolve("local/parameters.properties"),
                Map.of("ZoomWebhookSecretToken", "other", "ApiRateLimit", "5"), 3000);

        assertThat(values).containsEntry("ZoomWebhookSecretToken", "other").containsEntry("ApiRateLimit", "5");
    }

    @Test
    void aParameterWithoutDefaultOrValueIsNamed(@TempDir Path dir) throws Exception {
        SamTemplate template = SamTemplate.load(REPO.resolve("template.yaml"));
        Path empty = Files.writeString(dir.resolve("p.properties"), "# nothing\n");

        assertThatThrownBy(() -> LocalParameters.resolve(template, empty, Map.of(), 3000))
                .hasMessageContaining("ZoomWebhookSecretToken").hasMessageContaining("--parameter");
    }

    @Test
    void anUnknownParameterIsRefused(@TempDir Path dir) throws Exception {
        SamTemplate template = SamTemplate.load(REPO.resolve("template.yaml"));
        Path file = Files.writeString(dir.resolve("p.properties"), "ZoomSecret=x\n");

        assertThatThrownBy(() -> LocalParameters.resolve(template, file, Map.of(), 3000))
                .hasMessageContaining("'ZoomSecret' is not a parameter");
        assertThatThrownBy(() -> LocalParameters.resolve(template, null, Map.of("Nope", "1"), 3000))
                .hasMessageContaining("--parameter Nope");
    }

    @Test
    void anEmptyDefaultLeavesNoEmptyListItem() {
        assertThat(LocalParameters.expand("{default},{origins}", "", 8080))
                .isEqualTo("http://localhost:8080,http://127.0.0.1:8080");
        assertThat(LocalParameters.expand("plain", null, 8080)).isEqualTo("plain");
    }
}
