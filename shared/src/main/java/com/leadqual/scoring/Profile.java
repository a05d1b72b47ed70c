package com.leadqual.scoring;

/**
 * The lead's profile merged from its events (the latest non-blank value of each field wins) plus what the
 * email and the rules derive: the email domain, its class and the job seniority ("unknown" when no keyword
 * matches). Fields nobody provided are null; consent is null until an event says.
 */
public record Profile(String firstName, String lastName, String company, String jobTitle, Integer companySize,
        String industry, String country, String phone, String emailDomain, DomainClass domainClass,
        String seniority, Boolean consent) {
}
