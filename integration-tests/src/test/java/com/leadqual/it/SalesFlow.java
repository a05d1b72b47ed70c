package com.leadqual.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.leadqual.functions.rescore.RescoreHandler;
import com.leadqual.local.SqsEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/** The ingest-to-state part of the flow, as the sales side's tests need it: a form, then its lead scored. */
final class SalesFlow {
    private final Stack stack;
    private final SqsEventSource rescoreSource;

    SalesFlow(Stack stack) {
        this.stack = stack;
        RescoreHandler rescore = Functions.rescore(stack, Clock.systemUTC());
        this.rescoreSource = Functions.rescoreEventSource(stack, rescore);
    }

    /** POST /forms with the standard test profile and this form type. */
    void submit(String email, String formType) {
        submit(email, formType, form -> { });
    }

    /** As above, with the profile adjusted. */
    void submit(String email, String formType, Consumer<ObjectNode> adjust) {
        ObjectNode form = FormIngestIT.form(email).put("formType", formType);
        adjust.accept(form);
        String body = form.toString();
        JsonNode response = ApiEvents.parse(Lambdas.invoke(Functions.formIngest(stack),
                ApiEvents.sample("form-ingest-json.json").body(body).json()));
        assertThat(response.path("statusCode").asInt()).isEqualTo(202);
    }

    /** Pipe, queue and rescore function until every stored event has been scored. */
    void rescoreQueued() {
        stack.pipe.pollOnce();
        for (int i = 0; i < 50; i++) {
            if (rescoreSource.pollOnce(Duration.ZERO).received() == 0) {
                return;
            }
        }
        throw new AssertionError("the rescore queue did not drain");
    }

    void qualify(String email, String formType) {
        submit(email, formType);
        rescoreQueued();
    }
}
