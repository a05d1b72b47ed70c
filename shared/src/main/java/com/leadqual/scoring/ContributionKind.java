package com.leadqual.scoring;

/** What a contribution is: fit points, engagement points, a disqualifier match, or a note (0 points). */
public enum ContributionKind {
    FIT, ENGAGEMENT, DISQUALIFIER, INFO
}
