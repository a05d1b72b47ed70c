package com.leadqual.local.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./run follow} prints a stage change from a state item's stream record in docs/STREAM.md's layout. */
class StageFollowerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MQL_TO_SQL = "\"transition\": {\"M\": {\"from\": {\"S\": \"MQL\"}, \"to\": {\"S\": \"SQL\"}}},";

    /** The MODIFY example of docs/STREAM.md, trimmed to the attributes a state item must have. */
    static ObjectNode record(String transition) throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"eventName": "MODIFY", "dynamodb": {
                  "Keys": {"pk": {"S": "LEAD#dana.reyes@northwind-analytics.com"}, "sk": {"S": "STATE"}},
                  "NewImage": {
                    "pk": {"S": "LEAD#dana.reyes@northwind-analytics.com"}, "sk": {"S": "STATE"},
                    "stage": {"S": "SQL"}, "fit": {"N": "60"}, "engagement": {"N": "65"}, "total": {"N": "125"},
                    "grade": {"S": "A"}, "reasons": {"L": []},
                    "stageHistory": {"L": [
                      {"M": {"from": {"S": "LEAD"}, "to": {"S": "MQL"}, "reason": {"S": "total 85 >= MQL threshold 60"},
                             "at": {"S": "2026-12-02T01:11:23.959395431Z"}}},
                      {"M": {"from": {"S": "MQL"}, "to": {"S": "SQL"}, "reason": {"S": "hand-raise demo_request"},
                             "at": {"S": "2026-12-02T01:11:24.892125856Z"}}}
                    ]},
                    %s
                    "rulesVersion": {"S": "f092c273824c"}, "scoredAt": {"S": "2026-12-02T01:11:24.892125856Z"},
                    "eventCount": {"N": "2"}, "version": {"N": "2"}
                  }}}
                """.formatted(transition));
    }

    @Test
    void printsTheNewestStageChangeTheTransitionNames() throws Exception {
        String line = StageFollower.line(record(MQL_TO_SQL), false);
        assertThat(line).startsWith("2026-12-02T01:11:24Z").contains("dana.reyes@northwind-analytics.com")
                .contains("MQL -> SQL").contains("125").contains("hand-raise demo_request")
                .doesNotContain("total 85");
        assertThat(StageFollower.line(record(MQL_TO_SQL), true)).doesNotContain("dana.reyes").contains("lead#");
    }

    @Test
    void aStateWriteWithoutAStageChangePrintsNothing() throws Exception {
        assertThat(StageFollower.line(record(""), false)).isNull();
    }

    @Test
    void anUnreadableStateItemIsSaidSo() throws Exception {
        // a transition that is not the newest stage change
        assertThat(StageFollower.line(record(MQL_TO_SQL.replace("MQL", "LEAD")), false))
                .startsWith("unreadable state item: ");
    }
}
