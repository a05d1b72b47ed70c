package com.leadqual.scoring;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test helpers to build events tersely. */
final class Ev {
    private Ev() {
    }

    static Map<String, String> data(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static LeadEvent ev(String id, String type, String at, String... kv) {
        return new LeadEvent(id, type, Instant.parse(at), data(kv));
    }

    static LeadEvent form(String id, String formType, String at, String... kv) {
        String[] all = new String[kv.length + 2];
        all[0] = EventFields.FORM_TYPE;
        all[1] = formType;
        System.arraycopy(kv, 0, all, 2, kv.length);
        return ev(id, EventTypes.FORM_SUBMITTED, at, all);
    }
}
