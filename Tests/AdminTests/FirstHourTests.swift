import Foundation
import Spool
import Testing
import TestSupport

/// A merchant's first steps and an operator's first mistakes, through the real binary on a scratch root.
@Suite struct FirstHourTests {
    let root: TemporaryRoot

    init() throws {
        root = try TemporaryRoot()
    }

    private func wasp(_ arguments: String...) throws -> Wasp.Outcome {
        try Wasp.run(arguments + ["--root", root.path], input: "a good password\n")
    }

    @Test func aTenantJustAddedHasItsSpoolAndAStatusBeforeItsFirstOrder() throws {
        let added = try wasp("tenant", "add", "shop2", "--email", "shop2@example.com")
        #expect(added.status == 0, "\(added.errors)")
        #expect(FileManager.default.fileExists(atPath: root.spool + "/shop2/whatsapp"))
        let status = try wasp("status", "shop2")
        #expect(status.status == 0, "\(status.errors)")
        #expect(status.output.contains("shop2    incoming        0"), "\(status.output)")
        #expect(status.output.contains("shop2    whatsapp   unlinked"), "\(status.output)")
    }

    @Test func linkWorksForATenantWhoseSpoolIsNotMadeYet() throws {
        try root.addTenant("shop3", lines: ["shopify.secret = s", "email = shop3@example.com"])
        let link = try wasp("link", "shop3", "--timeout", "1s")
        #expect(!link.errors.contains("no spool directory"), "\(link.errors)")
        #expect(link.output.contains("link requested"), "\(link.output)")
        #expect(FileManager.default.fileExists(atPath: root.spool + "/shop3/whatsapp/link-request"))
    }

    @Test func aTenantThatDoesNotExistIsNamedAsSuch() throws {
        for command in [["status", "nosuch"], ["link", "nosuch"], ["trigger", "nosuch"], ["hold", "nosuch", "ALL"]] {
            let outcome = try Wasp.run(command + ["--root", root.path])
            #expect(outcome.status == 1, "\(command)")
            #expect(outcome.errors.contains("no tenant nosuch:") && outcome.errors.contains("wasp tenant add nosuch"),
                    "\(command): \(outcome.errors)")
        }
    }

    @Test func aRootThatDoesNotExistIsAnError() throws {
        for command in [["status"], ["fsck"], ["link", "shop"]] {
            let outcome = try Wasp.run(command + ["--root", root.path + "/typo"])
            #expect(outcome.status == 1, "\(command): \(outcome.output)")
            #expect(outcome.errors.contains("typo is not a directory"), "\(command): \(outcome.errors)")
        }
    }

    @Test func statusAndFsckNameTheFileLineAndKeyOfABrokenTenantFile() throws {
        try root.addTenant("shop", lines: ["shopify.secret = s", "dealy = 5m"])
        try root.addTenant("fine", lines: ["shopify.secret = s"])
        let status = try wasp("status")
        #expect(status.status == 0)
        let broken = status.output.split(separator: "\n").filter { $0.contains("BROKEN") }
        #expect(broken.count == 1 && broken[0].hasPrefix("shop configuration BROKEN: ") && broken[0].contains("shop.conf:2: dealy"),
                "\(status.output)")
        let fsck = try wasp("fsck")
        #expect(fsck.status == 1)
        #expect(fsck.output.contains("shop.conf:2: dealy") && fsck.output.contains("fix the file by hand"), "\(fsck.output)")
        let repair = try wasp("fsck", "--repair")
        #expect(repair.status == 1, "a file only a person can fix is not reported repaired: \(repair.output)")
        #expect(!repair.output.contains("dealy = 5m: repaired"))
    }

    @Test func tenantAddRefusesAValueWithAControlCharacterAndWritesNothing() throws {
        for (option, value) in [("--email", "c@example.com\nshopify.secret = attacker-known"), ("--name", "Shop\rshopify.secret = x"),
                                ("--template", "Hi {customer_name}\u{2028}shopify.secret = x"), ("--secret", "s\u{0b}x")] {
            var arguments = ["tenant", "add", "shop7", option, value]
            if option != "--email" { arguments += ["--email", "shop7@example.com"] }
            let added = try Wasp.run(arguments + ["--root", root.path], input: "a good password\n")
            #expect(added.status == 1, "\(option) was accepted: \(added.output)")
            #expect(added.errors.contains("control character"), "\(added.errors)")
            #expect(!FileManager.default.fileExists(atPath: root.path + "/etc/tenants/shop7.conf"), "\(option) wrote the file")
        }
    }

    @Test func tenantAddTakesTheShopsSettingsAndListSaysABrokenFileIsBroken() throws {
        let added = try wasp("tenant", "add", "shop4", "--email", "shop4@example.com", "--name", "Corner Shop",
                             "--timezone", "Europe/Berlin", "--quiet-hours", "21:00-08:00", "--template", "Hi {customer_name}!")
        #expect(added.status == 0, "\(added.errors)")
        #expect(added.output.contains("orders/fulfilled") && added.output.contains("an app's configuration can also subscribe"))
        let file = try String(contentsOfFile: root.path + "/etc/tenants/shop4.conf", encoding: .utf8)
        for line in ["name = Corner Shop", "timezone = Europe/Berlin", "quiet_hours = 21:00-08:00", "template = Hi {customer_name}!"] {
            #expect(file.contains(line + "\n"), "\(line)")
        }
        #expect(try wasp("tenant", "add", "shop5", "--email", "e@example.com", "--timezone", "Mars/Olympus").status == 1)
        #expect(!FileManager.default.fileExists(atPath: root.path + "/etc/tenants/shop5.conf"))
        try root.addTenant("shop6", lines: ["shopify.secret = s", "dealy = 5m"])
        let list = try wasp("tenant", "list")
        #expect(list.output.contains("shop6") && list.output.contains("BROKEN: ") && !list.errors.contains("disabled"),
                "\(list.output) \(list.errors)")
    }

    @Test func versionIsPrinted() throws {
        let outcome = try Wasp.run(["--version"])
        #expect(outcome.status == 0 && outcome.output.hasPrefix("wasp ") && outcome.output.split(separator: ".").count == 3)
    }
}
