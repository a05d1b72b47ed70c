package com.leadqual.scoring;

import java.time.Instant;
import java.util.Objects;

/** A dated stage transition and why it happened. {@code from} is never null: a new lead starts as LEAD. */
public record StageChange(Stage from, Stage to, String reason, Instant at) {
    public StageChange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }

    /** Equal but for {@code at}. */
    boolean sameChangeAs(StageChange other) {
        return other != null && from == other.from && to == other.to && reason.equals(other.reason);
    }
}
