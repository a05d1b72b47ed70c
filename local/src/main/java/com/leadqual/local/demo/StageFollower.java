package com.leadqual.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.leadqual.intake.Emails;
import com.leadqual.local.StreamPosition;
import com.leadqual.local.StreamReader;
import com.leadqual.scoring.StageChange;
import com.leadqual.store.LeadState;
import com.leadqual.store.LeadTable;
import com.leadqual.store.StateItems;
import com.leadqual.store.StreamImages;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code ./run follow}: what a sales tool sees. Follows the leads table's stream on the running runner's DynamoDB
 * endpoint and prints each stage transition when its state item is written: when, who, from and to, why, and the
 * scores. The lead is shown by email (this is the operator's own terminal and the point of a sales view is to
 * say who); {@code --redact} shows the same {@code lead#<hash>} the logs use.
 */
public final class StageFollower {
    private static final long POLL_MILLIS = 250;

    private StageFollower() {
    }

    /** Runs until the process is stopped. */
    public static int run(JsonNode info, PrintStream out, boolean fromStart, boolean redact) throws Exception {
        try (LocalTable table = LocalTable.of(info)) {
            StreamReader reader = new StreamReader(table.streams, table.streamArn);
            StreamPosition position = new StreamPosition();
            if (!fromStart) {
                reader.readAvailable(position, 1000, records -> { });
            }
            out.println("Following " + table.name + " on " + info.path("dynamodb").asText()
                    + ": stage transitions as they are written (Ctrl-C stops)");
            out.printf(FORMAT, "AT", "LEAD", "TRANSITION", "TOTAL", "FIT", "GRADE", "WHY");
            while (true) {
                reader.readAvailable(position, 100, records -> print(records, out, redact));
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    private static final String FORMAT = "%-20s %-38s %-20s %5s %4s %5s  %s%n";

    static void print(List<ObjectNode> records, PrintStream out, boolean redact) {
        for (ObjectNode record : records) {
            String line = line(record, redact);
            if (line != null) {
                out.print(line);
            }
        }
        out.flush();
    }

    /** The printed line for a stream record, or null when it is not a stage transition. */
    static String line(ObjectNode record, boolean redact) {
        JsonNode keys = record.path("dynamodb").path("Keys");
        if (!LeadTable.STATE_SK.equals(keys.path(LeadTable.SK).path("S").asText())) {
            return null;
        }
        LeadState state;
        try {
            state = StateItems.fromItem(StreamImages.item(record.path("dynamodb").path("NewImage")));
        } catch (IllegalArgumentException e) {
            return "unreadable state item: " + e.getMessage() + System.lineSeparator();
        }
        StageChange change = state.transition();
        if (change == null) {
            return null; // a state write without a stage change
        }
        return String.format(FORMAT, change.at().truncatedTo(ChronoUnit.SECONDS),
                redact ? Emails.redact(state.email()) : state.email(), change.from() + " -> " + change.to(),
                state.total(), state.fit(), state.grade(), change.reason());
    }
}
