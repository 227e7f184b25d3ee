import Crypto
import Foundation
import Glibc
import Spool
import Testing
import TestSupport

@Suite struct CommandTests {
    @Test func tenantAddWritesAVerifiableConfigAndPrintsWebhookURLs() throws {
        let root = try TemporaryRoot()
        let added = try Wasp.run(["tenant", "add", "5", "--root", root.path, "--email", "m@shop.example",
                                  "--delay", "5m", "--secret", "shpss_x"], input: "a good password\n")
        #expect(added.status == 0, "\(added.errors)")
        #expect(added.output.contains("/webhooks/5/orders/create"))
        let path = root.path + "/etc/tenants/5.conf"
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let config = try TenantConfig.parse(ConfigFile.load(path), tenant: TenantID("5")!)
        #expect(config.email == "m@shop.example")
        #expect(config.delay == 300)
        #expect(config.shopifySecrets == ["shpss_x"])
        #expect(PasswordHash(encoded: try #require(config.passwordHash))?.matches("a good password") == true)

        let again = try Wasp.run(["tenant", "add", "5", "--root", root.path, "--email", "x@y.z"], input: "another password\n")
        #expect(again.status == 1)
        #expect(again.errors.contains("exists already"))

        let changed = try Wasp.run(["tenant", "passwd", "5", "--root", root.path], input: "a new password\n")
        #expect(changed.status == 0)
        let reloaded = try TenantConfig.parse(ConfigFile.load(path), tenant: TenantID("5")!)
        #expect(PasswordHash(encoded: reloaded.passwordHash!)?.matches("a new password") == true)
        #expect(reloaded.shopifySecrets == ["shpss_x"])

        let listed = try Wasp.run(["tenant", "list", "--root", root.path])
        #expect(listed.output.contains("m@shop.example"))
    }

    @Test func tenantAddWithADevDashboardAppWritesItsKeysAndPrintsTheMerchantsSteps() throws {
        let root = try TemporaryRoot()
        let added = try Wasp.run(["tenant", "add", "5", "--root", root.path, "--email", "m@shop.example", "--shop", "shop.myshopify.com",
                                  "--client-id", "3f1c5d0e9b2a", "--client-secret-file", "shopify/5.secret"], input: "a good password\n")
        #expect(added.status == 0, "\(added.errors)")
        let config = try TenantConfig.parse(ConfigFile.load(root.path + "/etc/tenants/5.conf"), tenant: TenantID("5")!)
        #expect(config.writeback.usesClientCredentials && config.writeback.clientID == "3f1c5d0e9b2a")
        #expect(added.output.contains("Build apps in Dev Dashboard") && added.output.contains("read_orders,write_orders")
                && added.output.contains("phone, name and address") && added.output.contains("Install app → the store shop.myshopify.com"),
                "\(added.output)")
        #expect(added.output.contains("https://shop.myshopify.com/admin/oauth/access_token"), "\(added.output)")
        #expect(added.output.contains("/webhooks/5/<topic>") && !added.output.contains("Settings → Notifications"),
                "wasp subscribes itself: no webhook to create by hand: \(added.output)")
        #expect(added.output.contains("not usable yet: cannot read \(root.path)/etc/shopify/5.secret"), "\(added.output)")
        let withoutShop = try Wasp.run(["tenant", "add", "6", "--root", root.path, "--email", "m@shop.example",
                                        "--client-id", "3f1c5d0e9b2a", "--client-secret-file", "shopify/6.secret"], input: "a good password\n")
        #expect(withoutShop.status == 2 && withoutShop.errors.contains("--client-id needs --shop"), "\(withoutShop.errors)")
    }

    @Test(arguments: [["tenant", "add", "../etc", "--email", "a@b.c"], ["tenant", "add", "5"], ["tenant", "frobnicate"],
                      ["intake", "--bogus"], ["bench", "everything"],
                      ["bench", "intake", "--connections", "9223372036854775807", "--dir", NSTemporaryDirectory()]])
    func badUsageExits2WithHelp(_ arguments: [String]) throws {
        let outcome = try Wasp.run(arguments, input: "a good password\n")
        #expect(outcome.status == 2, "\(outcome.errors)")
        #expect(outcome.errors.contains("usage:"))
    }

    /// One line, not the whole usage, and the command meant when the typo is near one.
    @Test(arguments: [("stauts", "did you mean status? "), ("statsu", "did you mean status? "), ("nonsense", "")])
    func anUnknownCommandIsOneLineWithAGuess(_ typed: String, _ guess: String) throws {
        let outcome = try Wasp.run([typed])
        #expect(outcome.status == 2)
        #expect(outcome.errors == "wasp: unknown command '\(typed)'; \(guess)'wasp --help' lists the commands\n")
    }

    /// Such a delay was once written and then trapped printing `Int(delay)`; now it is refused before anything is.
    @Test func tenantAddWithAnAbsurdDelayIsAConfigurationError() throws {
        let root = try TemporaryRoot()
        let outcome = try Wasp.run(["tenant", "add", "5", "--root", root.path, "--email", "a@b.c", "--delay", "9999999999999999h"],
                                   input: "a good password\n")
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("delay: '9999999999999999h' is too long"), "\(outcome.errors)")
        #expect(!FileManager.default.fileExists(atPath: root.path + "/etc/tenants/5.conf"))
    }

    @Test func anEmptyPasswordFileIsCalledEmpty() throws {
        let root = try TemporaryRoot()
        let outcome = try Wasp.run(["tenant", "add", "5", "--root", root.path, "--email", "a@b.c", "--password-file", "/dev/null"])
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("password file /dev/null is empty: write the password on its first line"), "\(outcome.errors)")
    }

    @Test func shortPasswordIsRefused() throws {
        let root = try TemporaryRoot()
        let outcome = try Wasp.run(["tenant", "add", "5", "--root", root.path, "--email", "a@b.c"], input: "short\n")
        #expect(outcome.status == 1)
        #expect(!FileManager.default.fileExists(atPath: root.path + "/etc/tenants/5.conf"))
    }

    @Test func everyCommandHasHelp() throws {
        for command in ["up", "intake", "tenant", "trigger", "bench"] {
            let outcome = try Wasp.run([command, "--help"])
            #expect(outcome.status == 0)
            #expect(outcome.output.hasPrefix("usage: wasp \(command)"))
        }
    }

    @Test func triggerPostsASignedSampleOrderToTheRunningIntake() throws {
        let harness = try IntakeHarness()
        try "intake.listen = 127.0.0.1:\(harness.port)\n".write(toFile: harness.root.path + "/etc/wasp.conf",
                                                               atomically: true, encoding: .utf8)
        let outcome = try Wasp.run(["trigger", "shop", "--root", harness.root.path, "--phone", "+44 7911 123456"])
        #expect(outcome.status == 0, "\(outcome.output) \(outcome.errors)")
        #expect(outcome.output.contains("200 accepted"))
        let stored = harness.files(.incoming)
        #expect(stored.count == 1)
        let order = try harness.order(String(stored[0].dropLast(5)))
        #expect(order.phone.e164 == "+447911123456")

        let fixture = try Wasp.run(["trigger", "shop", "--root", harness.root.path,
                                    "--payload", Paths.package + "/Tests/Fixtures/orders/02-order-1001-phones-everywhere.json"])
        #expect(fixture.status == 0)
        #expect(harness.files(.incoming).contains("450789469.json"))

        let fulfilment = try Wasp.run(["trigger", "shop", "--root", harness.root.path, "--topic", "fulfillments/update",
                                       "--payload", Paths.package + "/Tests/Fixtures/fulfillments/20-fulfillment-success-ups.json"])
        #expect(fulfilment.status == 0)
        #expect(fulfilment.output.contains("order=450789469 "), "the order, not the fulfilment: \(fulfilment.output)")
        #expect(eventually { harness.intake.log.contains { $0.contains("order=450789469 accepted") && $0.contains("fulfillments/update") } })
    }

    @Test func triggerWithoutARunningIntakeFailsClearly() throws {
        let root = try TemporaryRoot(waspConf: [])
        try "intake.listen = 127.0.0.1:1\n".write(toFile: root.path + "/etc/wasp.conf", atomically: true, encoding: .utf8)
        try root.addTenant("shop", lines: ["shopify.secret = s"])
        let outcome = try Wasp.run(["trigger", "shop", "--root", root.path])
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("is 'wasp intake' running?"))
    }
}
