package com.leadqual.local.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutesTest {
    private static Routes.Route http(String method, String path, String fn) {
        return new Routes.Route(Routes.Kind.HTTP_API, "Api", method, path, fn, false, "$default");
    }

    private static Routes.Route rest(String method, String path, String fn) {
        return new Routes.Route(Routes.Kind.REST_API, "Rest", method, path, fn, false, "Prod");
    }

    private static Routes.Match found(Routes routes, String method, String path) {
        Routes.Lookup lookup = routes.find(method, path);
        assertThat(lookup).as(method + " " + path).isInstanceOf(Routes.Found.class);
        return ((Routes.Found) lookup).match();
    }

    @Test
    void theMostSpecificRouteWinsAsInApiGateway() {
        Routes routes = new Routes(List.of(
                http("ANY", "/{proxy+}", "Greedy"),
                http("GET", "/leads/{email}", "Param"),
                http("GET", "/leads/summary", "Literal"),
                http("ANY", "/leads/{email}", "AnyParam"),
                http("ANY", "$default", "Default"),
                http("POST", "/forms", "Forms")));

        assertThat(found(routes, "GET", "/leads/summary").route().functionId()).isEqualTo("Literal");
        assertThat(found(routes, "GET", "/leads/a%40b.io").route().functionId()).isEqualTo("Param");
        assertThat(found(routes, "GET", "/leads/a%40b.io").pathParameters()).isEqualTo(Map.of("email", "a@b.io"));
        assertThat(found(routes, "DELETE", "/leads/x").route().functionId()).as("ANY after a method route")
                .isEqualTo("AnyParam");
        assertThat(found(routes, "GET", "/a/b/c").route().functionId()).isEqualTo("Greedy");
        assertThat(found(routes, "GET", "/a/b/c").pathParameters()).isEqualTo(Map.of("proxy", "a/b/c"));
        assertThat(found(routes, "POST", "/forms").route().functionId()).isEqualTo("Forms");
        assertThat(found(routes, "GET", "/").route().functionId()).as("a greedy parameter needs a segment")
                .isEqualTo("Default");
        assertThat(found(routes, "GET", "/").route().routeKey()).isEqualTo("$default");
    }

    @Test
    void anUnknownPathIsNoRouteAndAKnownRestPathWithAnotherMethodIsMissingAuthenticationToken() {
        Routes routes = new Routes(List.of(http("POST", "/forms", "Forms"), rest("GET", "/leads/{email}", "Leads")));

        assertThat(routes.find("GET", "/nothing")).isInstanceOf(Routes.NoRoute.class);
        assertThat(routes.find("GET", "/forms")).as("HTTP APIs answer 404 for another method")
                .isInstanceOf(Routes.NoRoute.class);
        assertThat(routes.find("DELETE", "/leads/x")).isInstanceOf(Routes.MethodNotAllowed.class);
        assertThat(routes.find("GET", "/forms/extra")).isInstanceOf(Routes.NoRoute.class);
        assertThat(routes.find("GET", "/leads/")).as("an empty parameter matches nothing")
                .isInstanceOf(Routes.NoRoute.class);
    }

    @Test
    void aPlusInAPathParameterStaysAPlus() {
        Routes routes = new Routes(List.of(rest("GET", "/leads/{email}", "Leads")));

        assertThat(found(routes, "GET", "/leads/dana+news%40x.io").pathParameters())
                .isEqualTo(Map.of("email", "dana+news@x.io"));
    }

    @Test
    void twoFunctionsClaimingOneRouteCannotRunOnOnePort() {
        assertThatThrownBy(() -> new Routes(List.of(http("POST", "/forms", "A"), rest("POST", "/forms", "B"))))
                .hasMessageContaining("POST /forms").hasMessageContaining("A").hasMessageContaining("B");
        assertThatThrownBy(() -> new Routes(List.of(http("GET", "/x/{a}", "A"), http("GET", "/x/{b}", "B"))))
                .hasMessageContaining("declared by both");
        assertThat(new Routes(List.of(http("GET", "/x/{a}", "A"), http("GET", "/x/{a+}", "B"))).all()).hasSize(2);
    }

    @Test
    void malformedPathsAreRefused() {
        assertThatThrownBy(() -> new Routes(List.of(http("GET", "forms", "A")))).hasMessageContaining("start with /");
        assertThatThrownBy(() -> new Routes(List.of(http("GET", "/{p+}/x", "A")))).hasMessageContaining("last segment");
    }
}
