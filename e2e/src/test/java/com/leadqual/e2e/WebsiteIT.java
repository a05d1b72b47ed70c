package com.leadqual.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The example website (examples/website/) as a visitor uses it: {@code ./run} serves it at {@code /}, Debian's
 * headless Chromium fills in its lead form, once with JavaScript (inline validation, JSON through fetch, the API's
 * field errors, the success state) and once without (a plain HTML POST, the API's 303 to the thank-you page), and
 * the lead's STATE item is read from the DynamoDB endpoint the runner printed. One runner and two browsers serve
 * every case. Screenshots of each final state go to target/screenshots/, figures to target/website-figures.txt.
 */
class WebsiteIT {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path FIGURES = Path.of("target", "website-figures.txt");
    private static final Duration SCORED_WITHIN = Duration.ofSeconds(60);
    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);
    private static final String FORM_POST = "POST /forms -> FormIngestFunction";

    private static RunnerProcess runner;
    private static DynamoDbClient dynamo;
    private static HeadlessChromium withJavaScript;
    private static HeadlessChromium withoutJavaScript;

    @BeforeAll
    static void startTheRunnerAndTwoBrowsers() throws Exception {
        HeadlessChromium.requireInstalled();
        Files.createDirectories(FIGURES.getParent());
        Files.writeString(FIGURES, "");
        runner = RunnerProcess.start("--in-memory");
        figure("./run to Ready: " + runner.startUp().toMillis() + " ms");
        dynamo = runner.dynamo();
        long started = System.nanoTime();
        withJavaScript = HeadlessChromium.start(true, Path.of("target", "chromedriver-javascript.log"));
        withoutJavaScript = HeadlessChromium.start(false, Path.of("target", "chromedriver-no-javascript.log"));
        figure("two headless Chromium sessions started: " + (System.nanoTime() - started) / 1_000_000 + " ms ("
                + withJavaScript.driver.getCapabilities().getBrowserVersion() + ")");
    }

    @AfterAll
    static void stopEverything() {
        for (AutoCloseable c : new AutoCloseable[] {withJavaScript, withoutJavaScript, runner}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // the others still close
            }
        }
    }

    @Test
    void withJavaScriptADemoRequestShowsTheSuccessStateAndTheLeadIsSql() throws Exception {
        String email = unique("dana.reyes", "northwind-analytics.com");
        LeadForm form = LeadForm.open(withJavaScript);
        assertThat(form.htmlClass()).as("form.js ran").isEqualTo("js");
        form.choose("demo_request").type("firstName", "Dana").type("lastName", "Reyes").type("email", email)
                .type("company", "Northwind Analytics").type("jobTitle", "VP of Marketing")
                .select("companySize", "201-500").select("industry", "software").select("country", "US").consent();

        long postsBefore = formPosts();
        long clicked = System.nanoTime();
        // A double click is one submission: the second click finds one already on its way.
        new Actions(form.driver).doubleClick(form.submitButton()).perform();
        form.await(ExpectedConditions.visibilityOfElementLocated(By.id("form-success")));
        long shown = System.nanoTime();
        assertThat(form.driver.findElement(By.id("lead-form")).isDisplayed()).isFalse();
        assertThat(form.driver.findElement(By.id("form-success")).getText()).contains("your request is in");
        screenshot(withJavaScript, "1-javascript-demo-request-success");

        Map<String, AttributeValue> state = awaitState(email);
        figure("JavaScript demo request: click to success state " + (shown - clicked) / 1_000_000
                + " ms, to scored state " + (System.nanoTime() - clicked) / 1_000_000 + " ms");
        // Default ruleset (shared/src/main/resources/rules/default-rules.json): fit = seniority-executive ("VP") 20
        // + industry-software 15 + company-size-mid 10 ("201-500" is stored as its lower bound 201, in 50-999)
        // + country-core-market (US) 5 + business-email 10 = 60, grade A (minFit 50). A demo request is a hand-raise
        // and fit 60 >= the SQL minimum fit 30, so the lead is SQL at once.
        assertThat(state.get("stage").s()).isEqualTo("SQL");
        assertThat(state.get("grade").s()).isEqualTo("A");
        assertThat(state.get("fit").n()).isEqualTo("60");
        List<Map<String, AttributeValue>> events = events(email);
        assertThat(events).as("one event for the double click").hasSize(1);
        assertThat(formPosts()).as("one request for the double click").isEqualTo(postsBefore + 1);
        Map<String, AttributeValue> data = events.get(0).get("data").m();
        assertThat(data.get("formType").s()).isEqualTo("demo_request");
        assertThat(data.get("companySize").s()).isEqualTo("201");
        assertThat(data.get("consent").s()).isEqualTo("true");
        assertThat(data.get("pageUrl").s()).as("sent by form.js").startsWith(runner.api.toString());
        assertThat(data).doesNotContainKeys("redirect", "website");
    }

    @Test
    void withoutJavaScriptThePlainFormLandsOnTheThankYouPageAndTheLeadIsALead() throws Exception {
        String email = unique("sam.okafor", "contoso-logistics.com");
        LeadForm form = LeadForm.open(withoutJavaScript);
        assertThat(form.htmlClass()).as("JavaScript is off: form.js did not run").isEqualTo("no-js");
        form.choose("content_download").type("firstName", "Sam").type("lastName", "Okafor").type("email", email)
                .type("company", "Contoso Logistics").type("jobTitle", "Data Analyst")
                .select("companySize", "51-200").select("industry", "logistics").select("country", "GB").consent();

        long clicked = System.nanoTime();
        form.submitButton().click();
        form.await(ExpectedConditions.urlToBe(runner.api.resolve("/thank-you.html").toString()));
        long landed = System.nanoTime();
        assertThat(form.driver.findElement(By.tagName("h1")).getText()).contains("your request is in");
        screenshot(withoutJavaScript, "2-no-javascript-thank-you-page");

        Map<String, AttributeValue> state = awaitState(email);
        figure("plain HTML content download: click to thank-you page " + (landed - clicked) / 1_000_000
                + " ms, to scored state " + (System.nanoTime() - clicked) / 1_000_000 + " ms");
        // Default ruleset: fit = "Data Analyst" is individual seniority (no points) + logistics (no industry rule)
        // + company-size-mid 10 ("51-200" -> 51) + country-core-market (GB) 5 + business-email 10 = 25, grade C
        // (minFit 15); engagement = content-download 10; total 35 < the MQL threshold 60, and a content download is
        // no hand-raise: the lead stays LEAD.
        assertThat(state.get("stage").s()).isEqualTo("LEAD");
        assertThat(state.get("grade").s()).isEqualTo("C");
        assertThat(state.get("total").n()).isEqualTo("35");
        List<Map<String, AttributeValue>> events = events(email);
        assertThat(events).hasSize(1);
        Map<String, AttributeValue> data = events.get(0).get("data").m();
        assertThat(data.get("formType").s()).isEqualTo("content_download");
        assertThat(data.get("consent").s()).as("the checked box sends consent=yes").isEqualTo("true");
        assertThat(data).as("only form.js adds the page URL").doesNotContainKeys("pageUrl", "redirect", "website");
    }

    @Test
    void inlineValidationShowsErrorsNextToTheFieldsAndSendsNothing() throws Exception {
        String email = "jane.doe@acme"; // no top-level domain
        LeadForm form = LeadForm.open(withJavaScript);
        assertThat(form.unlabelledControls()).as("every control has a label").isEmpty();
        form.type("firstName", "Jane").type("lastName", "Doe").type("email", email).type("company", "Acme Industrial")
                .type("jobTitle", "Head of Growth").select("companySize", "1,001-5,000").select("country", "DE");
        long postsBefore = formPosts();

        // From the keyboard: Enter in a field submits the form.
        form.field("email").sendKeys(Keys.ENTER);
        form.await(ExpectedConditions.visibilityOfElementLocated(By.id("consent-error")));
        screenshot(withJavaScript, "3-inline-validation-errors");

        assertThat(form.error("email")).isEqualTo("Enter an email address like jane@yourcompany.com.");
        assertThat(form.error("consent")).startsWith("Please agree to be contacted");
        for (String field : List.of("email", "consent")) {
            assertThat(form.field(field).getDomAttribute("aria-invalid")).isEqualTo("true");
            assertThat(form.field(field).getDomAttribute("aria-describedby")).contains(field + "-error");
        }
        assertThat(form.field("company").getDomAttribute("aria-invalid")).isNull();
        assertThat(form.driver.findElement(By.id("form-status")).getText())
                .isEqualTo("Please check the 2 highlighted fields.");
        assertThat(form.driver.switchTo().activeElement().getDomAttribute("id")).as("focus on the first error")
                .isEqualTo("email");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> formPosts() == postsBefore);
        assertThat(events(email)).isEmpty();

        // Corrected, the errors go as the visitor types.
        form.field("email").clear();
        form.type("email", "jane.doe@acme-industrial.com").consent();
        assertThat(form.field("email").getDomAttribute("aria-invalid")).isNull();
        assertThat(form.driver.findElement(By.id("consent-error")).isDisplayed()).isFalse();
    }

    @Test
    void anErrorOnlyTheApiFindsIsShownNextToItsField() throws Exception {
        // Consecutive dots pass the browser's and the page's email check; the API's address rules refuse them.
        String email = "jane..doe@acme-industrial.com";
        LeadForm form = LeadForm.open(withJavaScript);
        form.choose("contact_sales").type("firstName", "Jane").type("lastName", "Doe").type("email", email)
                .type("company", "Acme Industrial").type("jobTitle", "Head of Growth")
                .select("companySize", "1,001-5,000").select("country", "DE").consent();
        long postsBefore = formPosts();

        form.submitButton().click();
        form.await(ExpectedConditions.visibilityOfElementLocated(By.id("email-error")));
        screenshot(withJavaScript, "4-api-field-error");

        assertThat(form.error("email")).isEqualTo("Work email must not contain consecutive dots.");
        assertThat(form.field("email").getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(form.field("email").getDomAttribute("aria-describedby")).isEqualTo("email-hint email-error");
        assertThat(form.driver.findElement(By.id("form-status")).getText())
                .startsWith("We could not accept the form");
        assertThat(form.driver.findElement(By.id("form-success")).isDisplayed()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> formPosts() == postsBefore + 1);
        assertThat(runner.output).anyMatch(line -> line.startsWith(FORM_POST + " 400"));
        assertThat(events(email)).isEmpty();
    }

    @Test
    void aLostAnswerRetriedByTheVisitorIsStoredOnce() throws Exception {
        String email = unique("lee.chen", "fabrikam.com");
        LeadForm form = LeadForm.open(withJavaScript);
        form.choose("contact_sales").type("firstName", "Lee").type("lastName", "Chen").type("email", email)
                .type("company", "Fabrikam").type("jobTitle", "Director of Sales Operations")
                .select("companySize", "501-1,000").select("industry", "manufacturing").select("country", "US")
                .consent();
        // The first request reaches the API, but its answer is lost on the way back, as on a dropped connection.
        // Every request's Idempotency-Key is noted on the way out.
        JavascriptExecutor page = (JavascriptExecutor) form.driver;
        page.executeScript("const send = window.fetch; let lost = false; window.sentKeys = [];"
                + "window.fetch = (url, init) => { window.sentKeys.push(init.headers['Idempotency-Key']);"
                + "  return send(url, init).then(r => {"
                + "    if (!lost) { lost = true; throw new TypeError('Failed to fetch'); } return r; }); };");

        form.submitButton().click();
        form.await(ExpectedConditions.textToBePresentInElementLocated(By.id("form-status"), "could not reach"));
        await().atMost(SCORED_WITHIN).until(() -> events(email).size() == 1);
        form.submitButton().click();
        form.await(ExpectedConditions.visibilityOfElementLocated(By.id("form-success")));
        screenshot(withJavaScript, "5-retry-after-lost-answer-success");

        // The retry carried the same Idempotency-Key (the event id is derived from it, so a new key would have
        // stored a second event): the API answered it as a duplicate and stored nothing more.
        @SuppressWarnings("unchecked")
        List<String> keys = (List<String>) page.executeScript("return window.sentKeys");
        assertThat(keys).hasSize(2).allMatch(k -> k.matches("web-[0-9a-f]{32}"));
        assertThat(keys.get(1)).isEqualTo(keys.get(0));
        assertThat(events(email)).hasSize(1);
        assertThat(awaitState(email).get("eventCount").n()).isEqualTo("1");
    }

    // ---- helpers

    /** The lead form on the runner's home page, in one browser. */
    static final class LeadForm {
        final WebDriver driver;

        private LeadForm(WebDriver driver) {
            this.driver = driver;
        }

        static LeadForm open(HeadlessChromium browser) {
            browser.driver.get(runner.api.resolve("/").toString());
            LeadForm form = new LeadForm(browser.driver);
            form.await(ExpectedConditions.visibilityOfElementLocated(By.id("lead-form")));
            return form;
        }

        <T> T await(java.util.function.Function<? super WebDriver, T> condition) {
            return new WebDriverWait(driver, PAGE_WAIT).until(condition);
        }

        String htmlClass() {
            return driver.findElement(By.tagName("html")).getDomAttribute("class");
        }

        WebElement field(String name) {
            return driver.findElement(By.cssSelector("#lead-form [name='" + name + "']"));
        }

        LeadForm type(String name, String text) {
            field(name).sendKeys(text);
            return this;
        }

        LeadForm select(String name, String value) {
            new Select(field(name)).selectByValue(value);
            return this;
        }

        LeadForm choose(String formType) {
            driver.findElement(By.cssSelector("#lead-form input[name='formType'][value='" + formType + "']")).click();
            return this;
        }

        LeadForm consent() {
            WebElement box = field("consent");
            if (!box.isSelected()) {
                box.click();
            }
            return this;
        }

        WebElement submitButton() {
            return driver.findElement(By.id("submit"));
        }

        String error(String name) {
            return driver.findElement(By.id(name + "-error")).getText();
        }

        @SuppressWarnings("unchecked")
        List<String> unlabelledControls() {
            return (List<String>) ((JavascriptExecutor) driver).executeScript("return Array.from(document"
                    + ".querySelectorAll('#lead-form input:not([type=hidden]), #lead-form select'))"
                    + ".filter(e => e.labels.length === 0 && !e.closest('label')).map(e => e.name)");
        }
    }

    private static String unique(String name, String domain) {
        return name + "." + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
    }

    /** Form posts the runner has answered (its access log: one line per request, no email in it). */
    private static long formPosts() {
        return runner.output.stream().filter(line -> line.startsWith(FORM_POST)).count();
    }

    private static Map<String, AttributeValue> awaitState(String email) {
        AtomicReference<Map<String, AttributeValue>> state = new AtomicReference<>();
        await().atMost(SCORED_WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> state.updateAndGet(s -> s != null ? s : LocalRunnerIT.state(dynamo, email)) != null);
        return state.get();
    }

    private static List<Map<String, AttributeValue>> events(String email) {
        return dynamo.query(b -> b.tableName("LeadsTable").consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :events)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("LEAD#" + email),
                        ":events", AttributeValue.fromS("EVENT#")))).items();
    }

    private static void screenshot(HeadlessChromium browser, String name) throws Exception {
        figure("screenshot " + browser.screenshot(SCREENSHOTS, name));
    }

    private static void figure(String line) throws Exception {
        System.out.println(line);
        Files.writeString(FIGURES, line + "\n", StandardOpenOption.APPEND);
    }
}
