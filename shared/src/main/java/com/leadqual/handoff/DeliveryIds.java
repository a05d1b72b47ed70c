package com.leadqual.handoff;

import com.leadqual.intake.Hashing;
import com.leadqual.scoring.StageChange;
import java.nio.charset.StandardCharsets;

/**
 * The delivery id of a stage notification: derived from the lead and the transition alone (from, to, when), so
 * every replay of the same stream record, every retry and every redrive carries the same id, and a receiver that
 * remembers the ids it processed acts on each transition once.
 */
public final class DeliveryIds {
    private DeliveryIds() {
    }

    /** 32 hex characters (128 bits of SHA-256); the lead key never appears in it. */
    public static String of(String leadKey, StageChange transition) {
        String identity = String.join("\n", "leadqual.stage-notification.v1", leadKey, transition.from().name(),
                transition.to().name(), transition.at().toString());
        return Hashing.sha256Hex(identity.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    }
}
