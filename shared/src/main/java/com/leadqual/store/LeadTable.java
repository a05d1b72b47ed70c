package com.leadqual.store;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The single-table layout (template.yaml declares the table and its indexes; a test checks both agree).
 * One partition per lead: its events ({@code EVENT#<eventId>}) and its qualification state ({@code STATE}).
 * Erasures leave an audit record in a partition of their own, keyed by a hash of the email
 * ({@code ERASURE#<sha256>}, {@code ERASED#<time>}): nothing that the pipe or the handoff reads.
 */
public final class LeadTable {
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String STATE_SK = "STATE";
    public static final String EVENT_SK_PREFIX = "EVENT#";
    private static final String LEAD_PREFIX = "LEAD#";
    static final String ERASURE_PREFIX = "ERASURE#";
    static final String ERASED_SK_PREFIX = "ERASED#";

    /** Sparse index of state items whose score changes at {@code dueAt}: the schedule reads only those. */
    public static final String DUE_INDEX = "DueIndex";
    public static final String DUE_SHARD = "dueShard";
    public static final String DUE_AT = "dueAt";
    /** Spreads due leads over several index partitions so one hot partition never limits the schedule. */
    public static final int DUE_SHARDS = 8;

    /** Sparse index of state items by the ruleset version that scored them. */
    public static final String RULES_VERSION_INDEX = "RulesVersionIndex";
    public static final String RULES_VERSION = "rulesVersion";

    private LeadTable() {
    }

    public static String leadKey(String normalizedEmail) {
        return LEAD_PREFIX + normalizedEmail;
    }

    public static boolean isLeadKey(String pk) {
        return pk != null && pk.startsWith(LEAD_PREFIX) && pk.length() > LEAD_PREFIX.length();
    }

    public static String emailOf(String leadKey) {
        return leadKey.substring(LEAD_PREFIX.length());
    }

    public static String eventKey(String eventId) {
        return EVENT_SK_PREFIX + eventId;
    }

    public static String dueShard(String leadKey) {
        CRC32 crc = new CRC32();
        crc.update(leadKey.getBytes(StandardCharsets.UTF_8));
        return "due#" + (crc.getValue() % DUE_SHARDS);
    }

    public static String dueShard(int shard) {
        return "due#" + shard;
    }
}
