package com.leadqual.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvalidInputTest {

    @Test
    void factoriesCarryTheirStatus() {
        assertThat(InvalidInput.badRequest("email", "is required").status()).isEqualTo(400);
        assertThat(InvalidInput.unauthorized("x-zm-signature", "is missing").status()).isEqualTo(401);
        assertThat(InvalidInput.forbidden("redirect", "is not an allowed destination").status()).isEqualTo(403);
        assertThat(InvalidInput.payloadTooLarge(16384).status()).isEqualTo(413);
        assertThat(InvalidInput.unsupportedMediaType("must be application/json").status()).isEqualTo(415);
    }

    @Test
    void messageListsEveryError() {
        InvalidInput e = InvalidInput.badRequest(List.of(new FieldError("email", "is required"),
                new FieldError("companySize", "must be between 1 and 10,000,000")));
        assertThat(e.getMessage()).isEqualTo(
                "400 Bad Request: email: is required; companySize: must be between 1 and 10,000,000");
        assertThat(e.honeypotTripped()).isFalse();
    }

    @Test
    void errorsAreAnImmutableCopyAndNeverEmpty() {
        List<FieldError> errors = new ArrayList<>(List.of(new FieldError("email", "is required")));
        InvalidInput e = InvalidInput.badRequest(errors);
        errors.clear();
        assertThat(e.errors()).hasSize(1);
        assertThatThrownBy(() -> e.errors().add(new FieldError("x", "y")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> InvalidInput.badRequest(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
