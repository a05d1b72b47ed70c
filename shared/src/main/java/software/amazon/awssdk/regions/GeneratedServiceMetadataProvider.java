package software.amazon.awssdk.regions;

/**
 * Replaces the SDK's generated class of this name in the functions' artifacts (the parent pom's shade filters
 * drop the SDK's copy and the metadata classes it lists). Why: building any client resolves its signing region
 * through {@link ServiceMetadata#of}, and the SDK's provider then instantiates the metadata of all ~400 AWS
 * services, one class each, on every cold start; they also take 0.7 MB of each artifact. Knowing no service,
 * this provider makes the SDK use {@code DefaultServiceMetadata}, as it does for a service newer than the SDK:
 * {@code <service>.<region>.<partition's DNS suffix>}, signed for the client's region, which is what DynamoDB and
 * SQS use in every commercial region (ServiceMetadataTest). Requests themselves go where each service's endpoint
 * rules send them, which this does not touch.
 */
public final class GeneratedServiceMetadataProvider implements ServiceMetadataProvider {
    @Override
    public ServiceMetadata serviceMetadata(String endpointPrefix) {
        return null;
    }
}
