import Foundation
import Shopify
import Spool
import Testing
import TestSupport

/// The `confirm.*` rules over Shopify's real order bodies: which are asked, which get the plain message, which
/// nothing, and the reason in words.
@Suite struct ConfirmRulesTests {
    private func record(_ fixture: String, _ lines: String) throws -> OrderRecord {
        let config = "shopify.secret = s\nconfirm.ask = yes\n" + lines
        let tenant = try TenantConfig.parse(ConfigFile(path: "t.conf", text: config), tenant: TenantID("5")!)
        return try OrderPayload(Paths.fixture(fixture)).record(tenant: tenant, received: Date(), webhookID: "w", shopDomain: nil)
    }

    @Test func noRulesAskEveryOrderAsBefore() throws {
        let order = try record("orders/02-order-1001-phones-everywhere.json", "")
        #expect(order.notAsked == nil && order.skip == nil)
        #expect(order.message.hasSuffix("Reply 1 to confirm or 2 to cancel."))
    }

    @Test(arguments: [
        // (fixture, rules, what it gets: nil = asked, else the reason)
        ("orders/01-cod-aud-no-customer.json", "confirm.gateways = cash on delivery", nil),
        ("orders/01-cod-aud-no-customer.json", "confirm.gateways = COD", nil),
        ("orders/02-order-1001-phones-everywhere.json", "confirm.gateways = cash on delivery, cod", "paid online"),
        ("orders/07-letter-phones-cancelled.json", "confirm.gateways = cod", "paid online"),
        ("orders/05-eur-no-contact.json", "confirm.gateways = cod", "no payment method on the order"),
        ("orders/01-cod-aud-no-customer.json", "confirm.min_total = 100", "total 70.00 below 100"),
        ("orders/01-cod-aud-no-customer.json", "confirm.max_total = 50.5", "total 70.00 above 50.5"),
        ("orders/09-test-notification-cop-es.json", "confirm.min_total = 1000\nconfirm.max_total = 600000", nil),
        ("orders/02-order-1001-phones-everywhere.json", "confirm.countries = IN, pk", "ships to US"),
        ("orders/02-order-1001-phones-everywhere.json", "confirm.countries = us", nil),
        ("orders/09-test-notification-cop-es.json", "confirm.skip_tags = VIP, Tag2", "tagged tag2"),
    ] as [(String, String, String?)])
    func theRulesPickTheOrdersToAsk(_ fixture: String, _ rules: String, _ reason: String?) throws {
        let order = try record(fixture, rules)
        #expect(order.notAsked == reason)
        #expect(order.skip == nil, "confirm.others = plain by default")
        #expect(order.message.contains("Reply 1 to confirm") == (reason == nil), "\(order.message)")
    }

    @Test func withSkipTheOrderIsMarkedForNoMessageAtAll() throws {
        let order = try record("orders/02-order-1001-phones-everywhere.json", "confirm.gateways = cod\nconfirm.others = skip")
        #expect(order.notAsked == "paid online" && order.skip == true)
    }

    @Test func thePlainMessageIsTheMerchantsOwnWhenSet() throws {
        let order = try record("orders/02-order-1001-phones-everywhere.json",
                               "confirm.gateways = cod\nconfirm.plain_template = Thanks {customer_name}, {order_name} is paid and on its way")
        #expect(order.message == "Thanks Bob Norman, #1001 is paid and on its way")
    }

    @Test func aBlankGatewayIsReadFromThePaymentLabelInAnyScript() {
        var rules = ConfirmRules()
        rules.gateways = ["الدفع عند الاستلام", "cod"].map(AnswerWords.folded)
        let facts = { (label: String?) in
            ConfirmRules.Facts(gatewayNames: [""], paymentLabel: label, total: "10", country: "EG", tags: [])
        }
        #expect(rules.verdict(for: facts("الدفعُ عند الاستلام")) == .ask, "vowel marks do not matter")
        #expect(rules.verdict(for: facts("Bank transfer")) == .plain("paid online"))
        #expect(rules.verdict(for: facts(nil)) == .plain("no payment method on the order"))
        let named = ConfirmRules.Facts(gatewayNames: ["Visa"], paymentLabel: "COD", total: nil, country: nil, tags: [])
        #expect(rules.verdict(for: named) == .plain("paid online"), "a gateway that is named decides, not the label")
    }

    @Test(arguments: [
        ("confirm.min_total = ten", "confirm.min_total"), ("confirm.max_total = -5", "confirm.max_total"),
        ("confirm.min_total = 50\nconfirm.max_total = 20", "confirm.max_total"), ("confirm.countries = US, XX", "confirm.countries"),
        ("confirm.others = nothing", "confirm.others"), ("confirm.gateways = ,", "confirm.gateways"),
        ("confirm.stop = ok", "confirm.stop"), ("confirm.plain_template = Hi {nobody}", "confirm.plain_template"),
    ])
    func aWrongRuleIsRefusedNamingItsKey(_ lines: String, _ key: String) {
        do {
            _ = try TenantConfig.parse(ConfigFile(path: "t.conf", text: "shopify.secret = s\nconfirm.ask = yes\n" + lines),
                                       tenant: TenantID("5")!)
            Issue.record("accepted \(lines)")
        } catch {
            #expect(error.key == key, "\(error)")
        }
    }

    @Test(arguments: [
        ("STOP", AnswerWords.Meaning.stop), ("Unsubscribe", .stop), ("alto", .stop), ("ARRÊT", .stop), ("توقف", .stop),
        ("Stop!", .stop), ("stop stop", .stop), ("बंद", .stop),
        ("stop sending the wrong size", .unclear), ("please stop", .unclear), ("yes stop", .unclear),
    ])
    func onlyAReplyMadeOfStopWordsOptsOut(_ reply: String, _ meaning: AnswerWords.Meaning) {
        #expect(AnswerWords.standard.meaning(of: reply) == meaning)
    }

    @Test func theMerchantsStopWordsReplaceTheDefaults() throws {
        let config = try TenantConfig.parse(ConfigFile(path: "t.conf", text: "shopify.secret = s\nconfirm.stop = basta ya, BAJA\n"),
                                            tenant: TenantID("5")!)
        #expect(config.confirm.words.meaning(of: "Basta ya") == .stop && config.confirm.words.meaning(of: "baja") == .stop)
        #expect(config.confirm.words.meaning(of: "stop") == .unclear)
    }
}
