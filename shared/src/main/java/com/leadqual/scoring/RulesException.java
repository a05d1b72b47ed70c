package com.leadqual.scoring;

/** A ruleset failed validation. The message is {@code "<path>: <problem>"}, e.g. "engagement[2].decay.halfLifeDays: must be > 0 (got 0)". */
public final class RulesException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final String problem;

    public RulesException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
        this.problem = problem;
    }

    public RulesException(String path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
        this.problem = problem;
    }

    /** The JSON path of the offending value ("$" for the document itself). */
    public String path() {
        return path;
    }

    /** The problem, without the path. */
    public String problem() {
        return problem;
    }
}
