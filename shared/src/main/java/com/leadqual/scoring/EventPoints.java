package com.leadqual.scoring;

import java.time.Instant;

/**
 * How one event fared under one engagement rule: what it earned under the rule's cap, and what that is worth
 * after decay. Returned by {@link LeadScorer#explain} for audits and tests.
 *
 * @param ruleId     the engagement rule
 * @param eventId    the event (or the synthetic "attendance:&lt;webinarId&gt;")
 * @param occurredAt when it happened
 * @param earned     points earned before decay (the rule's points, or less when the cap ran out)
 * @param value      points it contributes now, after decay
 */
public record EventPoints(String ruleId, String eventId, Instant occurredAt, int earned, int value) {
}
