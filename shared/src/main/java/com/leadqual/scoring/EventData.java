package com.leadqual.scoring;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An event's fields: a read-only copy whose {@link #forEach} allocates nothing (scoring reads every field of
 * every event of a lead; {@link Map#copyOf}'s maps make an entry object per field). No null keys or values.
 */
final class EventData extends AbstractMap<String, String> {
    private final HashMap<String, String> fields;

    private EventData(HashMap<String, String> fields) {
        this.fields = fields;
    }

    /** {@code data} itself when it is already one, else a copy. */
    static Map<String, String> of(Map<String, String> data) {
        if (data instanceof EventData) {
            return data;
        }
        if (data.isEmpty()) {
            return Map.of();
        }
        HashMap<String, String> copy = new HashMap<>(data);
        copy.forEach((k, v) -> {
            Objects.requireNonNull(k, "data key");
            Objects.requireNonNull(v, "data value");
        });
        return new EventData(copy);
    }

    @Override
    public String get(Object key) {
        return fields.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return fields.containsKey(key);
    }

    @Override
    public int size() {
        return fields.size();
    }

    @Override
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
        fields.forEach(action);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return Collections.unmodifiableMap(fields).entrySet();
    }
}
