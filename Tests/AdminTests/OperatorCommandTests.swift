import Foundation
import Spool
import Testing
import TestSupport

/// `wasp status | show | hold | release | requeue | delete` on a scratch spool, through the real binary.
@Suite struct OperatorCommandTests {
    let scratch: ScratchSpool
    var orders: OrderFiles { scratch.orders }

    init() throws {
        scratch = try ScratchSpool()
    }

    private func wasp(_ arguments: String...) throws -> Wasp.Outcome {
        try scratch.wasp(arguments)
    }

    @Test func optoutAddsListsAndRemovesANumberAndRefusesOneWithoutItsCountryCode() throws {
        #expect(try wasp("optout", "add", "shop", "+49 151 1234-5678").output == "optout: +4915112345678 added to the do-not-message list of shop\n")
        #expect(try wasp("optout", "add", "shop", "+4915112345678").output.contains("already on the do-not-message list"))
        let listed = try wasp("optout", "list", "shop").output
        #expect(listed.hasPrefix("+4915112345678  since ") && listed.hasSuffix("  added by the operator (wasp optout add)\n"), "\(listed)")
        #expect(FileManager.default.fileExists(atPath: scratch.root.spool + "/shop/optout/4915112345678"), "one file per number, for ls")
        #expect(try wasp("optout", "remove", "shop", "+4915112345678").output.contains("removed from"))
        #expect(try wasp("optout", "list", "shop").output.isEmpty)
        #expect(try wasp("optout", "add", "shop", "015112345678").status == 2, "a number without its country code is refused")
        #expect(try wasp("optout", "block", "shop").status == 2)
        #expect(try wasp("optout", "list", "nobody").status == 1)
    }

    @Test func statusCountsEachStateWithQshapeAges() throws {
        try orders.add("1", due: Date().addingTimeInterval(600))
        try orders.add("2", due: Date().addingTimeInterval(-7 * 60))
        try orders.add("3", in: .sent, due: Date().addingTimeInterval(-2 * 86400))
        try orders.addRaw("linked\n", name: "state", in: .whatsapp)
        let status = try wasp("status")
        #expect(status.status == 0)
        let lines = status.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines[0].prefix(6) == ["tenant", "state", "total", "future", "5m", "10m"])
        #expect(lines.contains(["shop", "incoming", "2", "1", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0"]))
        #expect(lines.contains(["shop", "sent", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "1"]))
        #expect(lines.contains { $0.prefix(3) == ["shop", "whatsapp", "linked"] && $0.joined(separator: " ").hasSuffix("Linked to WhatsApp") })
        #expect(try wasp("status", "nobody").status == 1)
        #expect(try wasp("status", "../etc").status == 2)
    }

    @Test func showEscapesEveryControlCharacterACustomerWrote() throws {
        var order = OrderRecord.sample(tenant: TenantID("shop")!, id: "820982911946154509")
        order.customer.name = "Eve\u{1b}]52;c;cm0gLXJmIH4=\u{07}\rForged\u{9b}31m\u{2028}line"
        order.deliverySlot = "noon\u{1b}[8mhidden\u{2029}"
        try orders.addRaw(String(decoding: try order.encoded(), as: UTF8.self), name: "820982911946154509.json", in: .incoming)
        let shown = try wasp("show", "shop", "820982911946154509")
        #expect(shown.status == 0)
        let controls = shown.output.unicodeScalars.filter {
            ($0.properties.generalCategory == .control && $0 != "\n") || $0 == "\u{2028}" || $0 == "\u{2029}"
        }
        #expect(controls.isEmpty, "printed raw: \(controls.map { String($0.value, radix: 16) })")
        #expect(shown.output.contains("customer  Eve\\x1b]52;c;cm0gLXJmIH4=\\x07\\rForged\\x9b31m\\u{2028}line"))
    }

    @Test func showPrintsTheOrderForAPersonAndTheFileWithJSON() throws {
        try orders.add("820982911946154508", in: .failed)
        let shown = try wasp("show", "shop", "820982911946154508")
        #expect(shown.status == 0)
        #expect(shown.output.contains("state     failed"))
        #expect(shown.output.contains("phone     +61298765432 (written \"+61 2 9876 5432\", from order)"))
        #expect(shown.output.contains("items     2 × Tea"))
        let json = try wasp("show", "shop", "820982911946154508", "--json")
        #expect(try OrderRecord.decode(Data(json.output.utf8)).orderID == "820982911946154508")
        let missing = try wasp("show", "shop", "42")
        #expect(missing.status == 1 && missing.errors.contains("no order 42 for tenant shop"))
        #expect(try wasp("show", "shop", "../../etc/passwd").status == 2)
    }

    @Test func holdAndReleaseParkAndReturnPendingOrders() throws {
        try orders.add("10", due: Date().addingTimeInterval(3600))
        try orders.add("11", in: .sent)
        let held = try wasp("hold", "shop", "10", "11")
        #expect(held.status == 1)
        #expect(held.output.contains("shop/10: held (was in incoming/)"))
        #expect(held.output.contains("shop/11: is in sent/; hold takes orders in incoming/, ready/, deferred/"))
        #expect(orders.states(of: "10") == [.hold])
        let released = try wasp("release", "shop", "ALL")
        #expect(released.status == 0 && released.output.contains("release: 1 of 1 orders"))
        #expect(orders.states(of: "10") == [.incoming])
        #expect(orders.modified("10", in: .incoming)! <= Date())
    }

    @Test func requeueSendsAFailedOrderAgainAndRestartsItsClock() throws {
        try orders.add("20", in: .failed, received: Date().addingTimeInterval(-10 * 86400))
        let requeued = try wasp("requeue", "shop", "20")
        #expect(requeued.status == 0)
        #expect(orders.states(of: "20") == [.deferred])
        let record = try orders.load("20", in: .deferred)
        #expect(record.attempts.last?.outcome == "requeued" && record.failure == nil)
        #expect(record.ageStart! > Date().addingTimeInterval(-60))
        #expect(orders.modified("20", in: .deferred)! <= Date())
    }

    @Test func deleteAllAsksForYes() throws {
        try orders.add("30", in: .sent)
        try orders.add("31", in: .cancelled)
        let refused = try wasp("delete", "shop", "ALL")
        #expect(refused.status == 2 && refused.errors.contains("--yes"))
        #expect(orders.states(of: "30") == [.sent])
        let deleted = try wasp("delete", "shop", "ALL", "--yes")
        #expect(deleted.status == 0 && deleted.output.contains("delete: 2 of 2 orders"))
        #expect(orders.states(of: "30").isEmpty && orders.states(of: "31").isEmpty)
    }

    /// An order's file is the intake's only record of its webhook, so deleting it leaves a marker in its place.
    @Test func deleteLeavesTheOrdersWebhookMarked() throws {
        var order = OrderRecord.sample(tenant: TenantID("shop")!, id: "32")
        order.webhookID = "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"
        try orders.addRaw(String(decoding: try order.encoded(), as: UTF8.self), name: "32.json", in: .sent)
        #expect(try wasp("delete", "shop", "32").status == 0)
        #expect(orders.states(of: "32").isEmpty)
        #expect(orders.names(.seen) == ["webhook-b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"])
    }
}
