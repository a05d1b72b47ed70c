package com.leadqual.functions.leads;

import com.leadqual.http.HttpResponse;
import com.leadqual.http.Responses;

/** What both lead routes add to the shared answers. */
final class LeadResponses {
    private LeadResponses() {
    }

    /** Answers about a person are not for caches between the API and the caller. */
    static HttpResponse noStore(HttpResponse response) {
        return response.withHeader("cache-control", "no-store");
    }

    static HttpResponse unavailable() {
        return Responses.error(503, "the lead store is temporarily unavailable; please retry")
                .withHeader("retry-after", "1");
    }
}
