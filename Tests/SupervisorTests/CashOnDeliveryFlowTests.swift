import CloudStandIn
import Crypto
import Foundation
import Glibc
import HTTP
import JSON
import Spool
import Supervisor
import Testing
import TestSupport

/// Cash-on-delivery confirmation under `wasp up` with the Cloud API stand-in: only the orders the tenant's
/// `confirm.*` rules pick are asked, the others get the plain message or nothing, and a customer's stop word puts
/// their number on the do-not-message list.
@Suite struct CashOnDeliveryFlowTests {
    static let secret = "shpss_codflow"
    static let appSecret = "meta-app-secret-codflow"
    /// Shopify's sample order #1001: paid with the `bogus` gateway, 598.94 USD, shipped to the US.
    static let prepaid = "450789469"

    /// A running site with one Cloud API tenant, `shop`, and its extra `confirm.*` lines.
    final class Site {
        let meta: CloudStandIn
        let root: TemporaryRoot
        let up: DaemonProcess
        let port: UInt16

        init(_ confirm: [String], waspConf: [String] = []) throws {
            meta = try CloudStandIn(phoneNumberID: "1066", token: "EAAG-cod", templates: ["order_confirmation": 0])
            root = try TemporaryRoot(waspConf: ["cloud.api_url = \(meta.url)"] + waspConf)
            try root.addTenant("shop", lines: [
                "shopify.secret = \(CashOnDeliveryFlowTests.secret)", "delay = 0", "min_gap = 0", "provider = cloud",
                "cloud.phone_number_id = 1066", "cloud.token_file = cloud/shop.token", "cloud.template = order_confirmation",
                "cloud.language = en_US", "cloud.app_secret_file = cloud/app.secret", "confirm.ask = yes",
            ] + confirm)
            try root.addSecret("EAAG-cod", at: "cloud/shop.token")
            try root.addSecret(CashOnDeliveryFlowTests.appSecret, at: "cloud/app.secret")
            up = try Wasp.start("up", root: root, readyWhen: "intake: listening")
            port = try #require(Wasp.intakePort(in: up.log))
        }

        deinit {
            _ = up.stop()
            meta.stop()
        }

        /// Fixture 02 with `change` applied to its JSON, posted as a signed orders/create.
        func post(id: String = CashOnDeliveryFlowTests.prepaid, _ change: (inout [String: Any]) -> Void = { _ in }) throws {
            var order = try #require(JSONSerialization.jsonObject(with: Paths.fixture("orders/02-order-1001-phones-everywhere.json")) as? [String: Any])
            order["id"] = Int(id)!
            change(&order)
            let posted = try WebhookPoster(port: port, secret: CashOnDeliveryFlowTests.secret)
                .post(try JSONSerialization.data(withJSONObject: order), path: "/webhooks/shop/orders/create")
            #expect(posted.status == 200)
        }

        func callMeta(_ message: String) throws {
            let body = Data(message.utf8)
            let signature = "sha256=" + Digest.hex(Digest.hmacSHA256(key: Data(CashOnDeliveryFlowTests.appSecret.utf8), message: body))
            let called = try HTTPClient(host: "127.0.0.1", port: port).send(
                "POST", "/whatsapp/shop", headers: [("Content-Type", "application/json"), ("X-Hub-Signature-256", signature)], body: body)
            #expect(called.status == 200)
        }

        /// The customer's text reply to the message `to` them, as Meta calls it back.
        func reply(_ text: String, to message: CloudStandIn.Message) throws {
            try callMeta(#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","messages":[{"from":"\#(message.to)","id":"wamid.R\#(UUID().uuidString.prefix(8))","timestamp":"\#(Int(Date().timeIntervalSince1970))","context":{"from":"15550783881","id":"\#(message.id)"},"type":"text","text":{"body":"\#(text)"}}]}}]}]}"#)
        }

        func order(_ id: String, in state: String) -> JSONValue? {
            FileManager.default.contents(atPath: root.spool + "/shop/\(state)/\(id).json").flatMap(JSONValue.parse)
        }

        func wasp(_ arguments: String...) throws -> Wasp.Outcome {
            try Wasp.run(arguments + ["--root", root.path])
        }
    }

    static func cashOnDelivery(_ order: inout [String: Any]) {
        order["gateway"] = "Cash on Delivery (COD)"
        order["payment_gateway_names"] = ["Cash on Delivery (COD)"]
    }

    @Test func onlyTheCashOnDeliveryOrderIsAskedAndThePrepaidOneGetsThePlainMessage() throws {
        let site = try Site(["confirm.gateways = cash on delivery, cod"])
        try site.post()
        try site.post(id: "450789470", Self.cashOnDelivery)
        #expect(eventually(timeout: 20) { site.meta.messages.count == 2 }, "\(site.up.log.suffix(10))")
        let buttons = Dictionary(uniqueKeysWithValues: site.meta.messages.map { ($0.callbackData, $0.buttons) })
        #expect(buttons["shop/\(Self.prepaid)"] == [], "the prepaid order is told, not asked")
        #expect(buttons["shop/450789470"] == ["confirm:450789470", "cancel:450789470"])
        #expect(eventually { site.order(Self.prepaid, in: "sent") != nil && site.order("450789470", in: "sent") != nil })
        let prepaid = try #require(site.order(Self.prepaid, in: "sent"))
        #expect(prepaid["not_asked"].string == "paid online" && prepaid["asked"] == .null)
        #expect(prepaid["message"].string?.contains("Reply 1") == false, "the plain template: \(prepaid["message"])")
        #expect(site.order("450789470", in: "sent")?["message"].string?.contains("Reply 1 to confirm") == true)
        let status = try site.wasp("status", "shop")
        #expect(status.output.contains("shop     orders  sent 1, waiting for the customer 1"), "\(status.output)")
    }

    @Test func withOthersSkipAPrepaidOrderEndsNotMessagedAndABlankGatewayIsReadFromItsArabicLabel() throws {
        let site = try Site(["confirm.gateways = cod, الدفع عند الاستلام", "confirm.others = skip"])
        try site.post()
        try site.post(id: "450789471") { order in
            order["payment_gateway_names"] = [""]
            order["note_attributes"] = [["name": "طريقة الدفع", "value": "الدفع عند الاستلام"]]
        }
        #expect(eventually(timeout: 20) { site.order(Self.prepaid, in: "skipped") != nil }, "\(site.up.log.suffix(10))")
        #expect(site.order(Self.prepaid, in: "skipped")?["not_messaged"].string == "paid online")
        #expect(eventually(timeout: 20) { site.meta.messages.count == 1 })
        #expect(site.meta.messages.first?.callbackData == "shop/450789471" && site.meta.messages.first?.buttons.count == 2)
        let shown = try site.wasp("show", "shop", Self.prepaid)
        #expect(shown.output.contains("skipped (dashboard: not messaged: paid online)"), "\(shown.output)")
        #expect(site.meta.messages.count == 1, "the skipped order never reaches Meta")
    }

    @Test func aStopReplyEndsTheRemindersAndKeepsTheNextOrderFromBeingMessagedUntilRedacted() throws {
        let site = try Site(["confirm.reminder = 4s"])
        try site.post()
        #expect(eventually(timeout: 20) { site.meta.messages.count == 1 }, "\(site.up.log.suffix(10))")
        let question = try #require(site.meta.messages.first)
        #expect(eventually { site.order(Self.prepaid, in: "sent") != nil })
        try site.reply("Stop", to: question)
        #expect(eventually(timeout: 20) { site.order(Self.prepaid, in: "sent")?["opted_out_at"].string != nil }, "\(site.up.log.suffix(10))")
        let listed = try site.wasp("optout", "list", "shop")
        #expect(listed.output.hasPrefix("+\(question.to)  since ") && listed.output.contains("replied “Stop” to order \(Self.prepaid)"),
                "\(listed.output)")
        #expect(try site.wasp("show", "shop", Self.prepaid).output.contains("opted out on the do-not-message list since"))

        try site.post(id: "450789472")
        #expect(eventually(timeout: 20) { site.order("450789472", in: "skipped") != nil })
        #expect(site.order("450789472", in: "skipped")?["not_messaged"].string == "the customer opted out")
        sleep(5)
        #expect(site.meta.messages.count == 1, "no reminder and no second message: \(site.meta.messages.map(\.callbackData))")
        #expect(site.order(Self.prepaid, in: "sent")?["reminded_at"] == .null)

        let redact = #"{"shop_id":1,"shop_domain":"shop.myshopify.com","customer":{"id":1,"email":"bob@example.com","phone":"+\#(question.to)"},"orders_to_redact":[\#(Self.prepaid),450789472]}"#
        let posted = try WebhookPoster(port: site.port, secret: Self.secret)
            .post(Data(redact.utf8), path: "/webhooks/shop/customers/redact", topic: "customers/redact")
        #expect(posted.status == 200)
        #expect(eventually(timeout: 20) { (try? site.wasp("optout", "list", "shop").output) == "" }, "the redacted customer's number is forgotten")
    }

    @Test func anUnclearReplyIsKeptOnTheOrderAndRaisedOnceThroughTheAlertCommand() throws {
        let alerts = FileManager.default.temporaryDirectory.appendingPathComponent("cod-alerts-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: alerts) }
        let site = try Site([], waspConf: [#"alert.command = printf '%s|%s|%s\n' "$WASP_ORDER" "$WASP_STATE" "$WASP_REASON" >> \#(alerts)"#])
        try site.post()
        #expect(eventually(timeout: 20) { site.order(Self.prepaid, in: "sent") != nil }, "\(site.up.log.suffix(10))")
        let question = try #require(site.meta.messages.first)
        try site.reply("Can you call me before? $(touch /tmp/x)", to: question)
        try site.reply("hello??", to: question)
        #expect(eventually(timeout: 20) { site.order(Self.prepaid, in: "sent")?["answers"].array.count == 2 }, "\(site.up.log.suffix(10))")
        #expect(eventually { (try? String(contentsOfFile: alerts, encoding: .utf8))?.contains("|needs-you|") == true })
        sleep(1)
        // The sender's link alert shares the command; only the order's count here.
        let lines = try String(contentsOfFile: alerts, encoding: .utf8).split(separator: "\n").filter { $0.contains("|needs-you|") }
        #expect(lines == ["\(Self.prepaid)|needs-you|the customer wrote: Can you call me before? $(touch /tmp/x)"], "one alert per order")
        let shown = try site.wasp("show", "shop", Self.prepaid)
        #expect(shown.output.contains("(dashboard: waiting for the customer)") && shown.output.contains("wrote: “hello??”"), "\(shown.output)")
    }
}
