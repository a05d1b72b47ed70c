package com.leadqual.scoring;

/** The kind of email domain, from the ruleset's domain lists (competitor > disposable > free mail > business). */
public enum DomainClass {
    BUSINESS, FREE_MAIL, DISPOSABLE, COMPETITOR
}
