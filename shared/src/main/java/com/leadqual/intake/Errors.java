package com.leadqual.intake;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Collects every field error of one request so they are all reported at once. */
final class Errors {
    private final List<FieldError> list = new ArrayList<>();
    private final Set<String> fields = new HashSet<>();

    void add(String field, String problem) {
        list.add(new FieldError(field, problem));
        fields.add(field);
    }

    /** Adds the error unless exactly this one was already added. */
    void addOnce(String field, String problem) {
        if (!list.contains(new FieldError(field, problem))) {
            add(field, problem);
        }
    }

    boolean has(String field) {
        return fields.contains(field);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    List<FieldError> list() {
        return List.copyOf(list);
    }
}
