import Foundation
import Spool
import Testing
import TestSupport

@Suite struct ConfigurationTests {
    let tenant = TenantID("5")!

    private func parse(_ text: String) throws(ConfigError) -> TenantConfig {
        try TenantConfig.parse(ConfigFile(path: "etc/tenants/5.conf", text: text), tenant: tenant)
    }

    @Test func defaultsApplyWhenOnlyTheSecretIsGiven() throws {
        let config = try parse("shopify.secret = abc\n")
        #expect(config.delay == 1800)
        #expect(config.template == .standard)
        #expect(config.shopifySecrets == ["abc"])
    }

    @Test func severalSecretsAreKeptForRotation() throws {
        let config = try parse("# rotating\nshopify.secret = old\nshopify.secret = new\ndelay = 2h\n")
        #expect(config.shopifySecrets == ["old", "new"])
        #expect(config.delay == 7200)
    }

    @Test func unknownKeyNamesFileLineAndKey() {
        #expect(throws: ConfigError(file: "etc/tenants/5.conf", line: 3, key: "dealy", problem: "unknown key")) {
            try parse("shopify.secret = x\n\ndealy = 5m\n")
        }
    }

    @Test(arguments: [
        ("delay = 30x", "delay"), ("phone.default_country = XX", "phone.default_country"),
        ("quiet_hours = 25:00-08:00", "quiet_hours"), ("timezone = Mars/Olympus", "timezone"),
        ("template = Hi {name}", "template"), ("password = hunter2", "password"), ("delay = 1m\ndelay = 2m", "delay"),
        ("delay = 9999999999999999h", "delay"), ("min_gap = 1e300d", "min_gap"), ("delay = infs", "delay"),
        ("delay = nanm", "delay"), ("daily_cap = 99999999999999999999", "daily_cap"),
        ("quiet_hours = 9223372036854775807:00-08:00", "quiet_hours"), ("timezone = GMT+99999999999999999999", "timezone"),
    ])
    func badValueNamesTheKey(line: String, key: String) {
        do {
            _ = try parse("shopify.secret = x\n" + line + "\n")
            Issue.record("accepted a bad value: \(line)")
        } catch {
            #expect(error.key == key)
            #expect(error.line != nil)
            #expect(error.description.hasPrefix("etc/tenants/5.conf:"))
        }
    }

    @Test func missingSecretTellsWhereToFindIt() {
        do {
            _ = try parse("email = a@b.c\n")
            Issue.record("accepted a tenant without a signing key")
        } catch {
            #expect(error.key == "shopify.secret")
            #expect(error.problem.contains("Notifications"))
        }
    }

    @Test func lineWithoutEqualsIsAnError() {
        #expect(throws: ConfigError.self) { try parse("shopify.secret\n") }
    }

    @Test func waspConfDefaultsAndUnknownKeys() throws {
        let root = try TemporaryRoot()
        try "intake.max_body = 1M\n".write(toFile: root.path + "/etc/wasp.conf", atomically: true, encoding: .utf8)
        let config = try WaspConfig.load(root: root.path)
        #expect(config.intakeMaxBody == 1024 * 1024)
        #expect(config.spoolPath == root.path + "/spool")
        #expect(config.dashboardListen == ListenAddress(host: "127.0.0.1", port: 8081))
        #expect(config.dashboardSessionLifetime == 12 * 3600)
        try "intake.listen = 127.0.0.1:0\nintake.lisen = x\n".write(toFile: root.path + "/etc/wasp.conf", atomically: true, encoding: .utf8)
        #expect(throws: ConfigError(file: root.path + "/etc/wasp.conf", line: 2, key: "intake.lisen", problem: "unknown key")) {
            try WaspConfig.load(root: root.path)
        }
    }

    /// Each of these once parsed, then trapped where the number was used (`Int(delay)`, `size * 1024^3`, a date
    /// past any `time_t`, a 32-bit poll timeout, a thread per browser).
    @Test(arguments: [
        ("intake.max_body = 99999999999999G", "intake.max_body"), ("intake.max_body = 9223372036854775807", "intake.max_body"),
        ("intake.listen = 127.0.0.1:99999", "intake.listen"), ("dashboard.listen = [::1]:-1", "dashboard.listen"),
        ("max_age = 9999999999999999h", "max_age"), ("dashboard.session_lifetime = 1e300d", "dashboard.session_lifetime"),
        ("intake.read_timeout = 30d", "intake.read_timeout"), ("sender.retry_max = 99999999999999999999d", "sender.retry_max"),
        ("sender.max_browsers = 9223372036854775807", "sender.max_browsers"),
        ("sender.max_attempts = 99999999999999999999", "sender.max_attempts"),
    ])
    func hostileNumbersInWaspConfAreErrorsNamingFileLineAndKey(line: String, key: String) throws {
        let root = try TemporaryRoot()
        let path = root.path + "/etc/wasp.conf"
        try (line + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try WaspConfig.load(root: root.path)
            Issue.record("accepted \(line)")
        } catch {
            #expect(error.file == path)
            #expect(error.line == 1)
            #expect(error.key == key)
        }
    }

    @Test func theCeilingsThemselvesAreAccepted() throws {
        #expect(try ConfigValue.duration("3650d").get() == 3650 * 86400)
        #expect(try ConfigValue.timeout("60m").get() == 3600)
        #expect(try ConfigValue.size("1G").get() == 1 << 30)
        #expect(try ConfigValue.positiveInteger(atMost: 64)("64").get() == 64)
    }

    @Test func changedFileIsReloadedAndABrokenOneKeepsTheLastGood() throws {
        let root = try TemporaryRoot()
        try root.addTenant("5", lines: ["shopify.secret = one"])
        let configs = TenantConfigs(etc: root.path + "/etc", log: Log("test"))
        guard case .found(let first) = configs.lookup(tenant) else { Issue.record("not found"); return }
        #expect(first.shopifySecrets == ["one"])
        try root.addTenant("5", lines: ["shopify.secret = two", "delay = 1s"])
        guard case .found(let second) = configs.lookup(tenant) else { Issue.record("not reloaded"); return }
        #expect(second.shopifySecrets == ["two"])
        try root.addTenant("5", lines: ["shopify.secret = three", "delay = soon"])
        guard case .found(let kept) = configs.lookup(tenant) else { Issue.record("lost the last good file"); return }
        #expect(kept.shopifySecrets == ["two"])
        guard case .unknownTenant = configs.lookup(TenantID("nobody")!) else { Issue.record("invented a tenant"); return }
    }

    @Test func settingAKeyKeepsCommentsAndOtherLines() {
        let text = "# comment\nemail = a@b.c\npassword = old\nshopify.secret = s\n"
        #expect(ConfigFile.text(text, setting: "password", to: "new")
                == "# comment\nemail = a@b.c\npassword = new\nshopify.secret = s\n")
        #expect(ConfigFile.text("email = a\n", setting: "delay", to: "5m") == "email = a\ndelay = 5m\n")
    }

    @Test(arguments: [("30s", 30.0), ("30m", 1800), ("2h", 7200), ("3d", 259_200), ("0", 0), ("1.5m", 90)])
    func durationsParse(text: String, seconds: Double) throws {
        #expect(try ConfigValue.duration(text).get() == seconds)
    }

    @Test(arguments: ["3651d", "1e20s", "99999999999999999999d", "1e308d"])
    func durationsLongerThanTenYearsAreRefused(text: String) {
        guard case .failure(let problem) = ConfigValue.duration(text) else { Issue.record("accepted \(text)"); return }
        #expect(problem.text.contains("is too long; at most 3650d"))
    }
}
