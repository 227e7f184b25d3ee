extension HelpTopic {
    /// Every page, in the order `wasp help` lists them. A file in Topics/ missing here is caught by HelpTopicTests.
    public static let all: [HelpTopic] = [
        HelpTopic("configuration", PackageResources.configuration_md, manName: "wasp.conf", section: 5),
    ]
}
