package com.leadqual.scoring;

import java.util.List;
import java.util.Objects;

/** What the caller stored after the previous scoring: the stage and its history, oldest first. */
public record StageStatus(Stage stage, List<StageChange> history) {
    public StageStatus {
        Objects.requireNonNull(stage, "stage");
        history = history == null ? List.of() : List.copyOf(history);
    }
}
