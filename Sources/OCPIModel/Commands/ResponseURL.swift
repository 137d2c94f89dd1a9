/// The `response_url` a peer gives in a query (ChargingProfiles GET and DELETE), checked as the URL fields of bodies
/// are.
public enum ResponseURL {
    public static func validate(_ url: String, version: VersionNumber) throws(ValidationError) {
        try IssueCollector.validate(version) { $0.url(url, "response_url") }
    }
}
