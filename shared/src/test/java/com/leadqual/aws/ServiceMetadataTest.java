package com.leadqual.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.regions.GeneratedServiceMetadataProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;

/**
 * Without the SDK's metadata of every service (see shared's GeneratedServiceMetadataProvider), the services the
 * functions call still resolve to their regional endpoints and sign for the client's region.
 */
class ServiceMetadataTest {
    @ParameterizedTest
    @CsvSource({
        "dynamodb, us-east-1, dynamodb.us-east-1.amazonaws.com",
        "dynamodb, eu-west-1, dynamodb.eu-west-1.amazonaws.com",
        "dynamodb, cn-north-1, dynamodb.cn-north-1.amazonaws.com.cn",
        "sqs, us-east-1, sqs.us-east-1.amazonaws.com",
        "sqs, ap-southeast-2, sqs.ap-southeast-2.amazonaws.com",
        "streams.dynamodb, us-east-1, streams.dynamodb.us-east-1.amazonaws.com"})
    void theFunctionsServicesResolveToTheirRegionalEndpoints(String service, String region, String host) {
        ServiceMetadata metadata = ServiceMetadata.of(service);

        assertThat(metadata.endpointFor(Region.of(region))).isEqualTo(URI.create(host));
        assertThat(metadata.signingRegion(Region.of(region))).isEqualTo(Region.of(region));
    }

    @ParameterizedTest
    @CsvSource({"dynamodb", "sqs"})
    void theTrimmedProviderIsTheOneInEffect(String service) {
        assertThat(new GeneratedServiceMetadataProvider().serviceMetadata(service)).isNull();
        assertThat(ServiceMetadata.of(service).getClass().getSimpleName()).isEqualTo("DefaultServiceMetadata");
    }
}
