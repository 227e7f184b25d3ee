extension HelpTopic {
    /// Every page, in the order `wasp help` lists them. A file in Topics/ missing here is caught by HelpTopicTests.
    public static let all: [HelpTopic] = [
        HelpTopic("commands", PackageResources.commands_md, manName: "wasp", section: 8),
        HelpTopic("configuration", PackageResources.configuration_md, manName: "wasp.conf", section: 5),
        HelpTopic("shopify", PackageResources.shopify_md),
        HelpTopic("intake", PackageResources.intake_md),
        HelpTopic("spool", PackageResources.spool_md),
        HelpTopic("scheduler", PackageResources.scheduler_md),
        HelpTopic("sender", PackageResources.sender_md),
        HelpTopic("cloud", PackageResources.cloud_md),
        HelpTopic("answers", PackageResources.answers_md),
        HelpTopic("dashboard", PackageResources.dashboard_md),
        HelpTopic("production", PackageResources.production_md),
        HelpTopic("shards", PackageResources.shards_md),
        HelpTopic("backups", PackageResources.backups_md),
        HelpTopic("figures", PackageResources.figures_md),
    ]
}
