package com.leadqual.local;

import java.util.Map;

/**
 * Physical names of provisioned local resources, by logical id from the template.
 * Why a separate view: queue URLs and stream ARNs only exist once the resources are created, while the template's
 * structure does not depend on them; intrinsics that need them ({@code !Ref Queue}, {@code !GetAtt T.StreamArn})
 * resolve against this.
 */
public record LocalNames(Map<String, String> tableNames, Map<String, String> queueUrls,
                         Map<String, String> queueArns, Map<String, String> streamArns) {

    public LocalNames {
        tableNames = Map.copyOf(tableNames);
        queueUrls = Map.copyOf(queueUrls);
        queueArns = Map.copyOf(queueArns);
        streamArns = Map.copyOf(streamArns);
    }

    public String tableName(String logicalId) {
        return require(tableNames, logicalId, "table");
    }

    public String queueUrl(String logicalId) {
        return require(queueUrls, logicalId, "queue URL");
    }

    public String queueArn(String logicalId) {
        return require(queueArns, logicalId, "queue ARN");
    }

    /** The table's latest stream ARN; absent when the table has no StreamSpecification. */
    public String streamArn(String logicalId) {
        return require(streamArns, logicalId, "stream ARN");
    }

    private static String require(Map<String, String> map, String logicalId, String what) {
        String value = map.get(logicalId);
        if (value == null) {
            throw new IllegalArgumentException("No local " + what + " for resource '" + logicalId
                    + "' (known: " + map.keySet() + ")");
        }
        return value;
    }
}
