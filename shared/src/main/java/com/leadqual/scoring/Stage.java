package com.leadqual.scoring;

/** Where a lead is in the funnel. */
public enum Stage {
    LEAD, MQL, SQL, RECYCLED, DISQUALIFIED
}
