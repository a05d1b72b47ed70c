package com.leadqual.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiGatewayResponsesTest {

    @Test
    void anHttpApiResponseGivesStatusHeadersCookiesAndBody() {
        ApiGatewayResponses.Answer a = ApiGatewayResponses.fromHttpApi("{\"statusCode\":303,\"headers\":"
                + "{\"location\":\"https://x/thanks\",\"x-n\":5},\"cookies\":[\"a=1\",\"b=2; Secure\"],\"body\":\"\"}");

        assertThat(a.status()).isEqualTo(303);
        assertThat(a.header("location")).isEqualTo("https://x/thanks");
        assertThat(a.header("x-n")).isEqualTo("5");
        assertThat(a.headers()).filteredOn(h -> h.getKey().equals("set-cookie")).extracting(Map.Entry::getValue)
                .containsExactly("a=1", "b=2; Secure");
        assertThat(a.body()).isEmpty();
    }

    @Test
    void anHttpApiResponseWithoutStatusCodeIsTheBodyOfA200() {
        ApiGatewayResponses.Answer a = ApiGatewayResponses.fromHttpApi("{\"leads\":[]}");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("content-type")).isEqualTo("application/json");
        assertThat(a.text()).isEqualTo("{\"leads\":[]}");
    }

    @Test
    void base64BodiesAreDecoded() {
        ApiGatewayResponses.Answer a = ApiGatewayResponses.fromHttpApi(
                "{\"statusCode\":200,\"body\":\"aGk=\",\"isBase64Encoded\":true}");

        assertThat(a.text()).isEqualTo("hi");
    }

    @Test
    void unreadableHttpApiAnswersAreApiGatewaysInternalServerError() {
        for (String payload : new String[] {"not json", "{\"statusCode\":\"abc\"}", "{\"statusCode\":42}",
                "{\"statusCode\":200,\"body\":\"%%\",\"isBase64Encoded\":true}"}) {
            ApiGatewayResponses.Answer a = ApiGatewayResponses.fromHttpApi(payload);
            assertThat(a.status()).as(payload).isEqualTo(500);
            assertThat(a.text()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        }
    }

    @Test
    void aRestApiResponseMergesHeadersWithMultiValueHeadersWinning() {
        ApiGatewayResponses.Answer a = ApiGatewayResponses.fromRestApi("{\"statusCode\":200,\"headers\":"
                + "{\"x-a\":\"single\",\"x-b\":\"b\"},\"multiValueHeaders\":{\"x-a\":[\"1\",\"2\"]},\"body\":\"ok\"}");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.headers()).filteredOn(h -> h.getKey().equals("x-a")).extracting(Map.Entry::getValue)
                .containsExactly("1", "2");
        assertThat(a.header("x-b")).isEqualTo("b");
        assertThat(a.header("content-type")).as("API Gateway's default").isEqualTo("application/json");
        assertThat(a.text()).isEqualTo("ok");
    }

    @Test
    void aRestApiAnswerWithoutStatusCodeIsApiGateways502() {
        ApiGatewayResponses.Answer a = ApiGatewayResponses.fromRestApi("{\"leads\":[]}");

        assertThat(a.status()).isEqualTo(502);
        assertThat(a.text()).isEqualTo("{\"message\":\"Internal server error\"}");
    }
}
