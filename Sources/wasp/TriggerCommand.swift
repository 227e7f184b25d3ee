import Crypto
import Foundation
import HTTP
import JSON
import Shopify
import Spool

enum TriggerCommand: Command {
    static let name = "trigger"
    static let summary = "sign and post a sample order to the running intake"
    static let help = """
    usage: wasp trigger <tenant> [--payload FILE] [--topic TOPIC] [--phone NUMBER] [--root DIR]

    Signs a webhook with the tenant's first shopify.secret and posts it to the intake at
    intake.listen, as Shopify would, then prints the answer. Without --payload it sends a fresh
    sample order (new id each time) for --phone (default +1 (502) 459-2181).
    --topic defaults to orders/create. Exits 0 when the intake answered 200.
    """
    static let options: Set<String> = ["payload", "topic", "phone"]

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(1)
        let tenant = try arguments.knownTenant(at: 0, in: try arguments.spool())
        let config: WaspConfig
        let tenantConfig: TenantConfig
        do {
            config = try WaspConfig.load(root: arguments.root)
            tenantConfig = try TenantConfig.parse(ConfigFile.load(TenantConfig.path(etc: arguments.root + "/etc", tenant: tenant)),
                                                  tenant: tenant)
        } catch {
            throw .failed("\(error)")
        }
        let topic = arguments.options["topic"] ?? "orders/create"
        let body = try payload(arguments)
        let host = ["0.0.0.0", "::"].contains(config.intakeListen.host) ? "127.0.0.1" : config.intakeListen.host
        let target = "/webhooks/\(tenant)/\(topic)"
        let webhookID = UUID().uuidString.lowercased()
        do {
            let client = try HTTPClient(host: host, port: config.intakeListen.port)
            let response = try client.send("POST", target, headers: [
                ("Content-Type", "application/json"),
                ("X-Shopify-Topic", topic),
                ("X-Shopify-Hmac-Sha256", WebhookSignature.sign(body, secret: tenantConfig.shopifySecrets[0])),
                ("X-Shopify-Shop-Domain", tenantConfig.shopifyShop ?? "\(tenant).myshopify.com"),
                ("X-Shopify-Webhook-Id", webhookID),
                ("X-Shopify-Triggered-At", Timestamp.string(Date())),
            ], body: body)
            let order = ShopifyTopic(rawValue: topic).flatMap { topic in JSONValue.parse(body).map(topic.orderID(in:)) }?.text ?? "-"
            print("POST http://\(config.intakeListen)\(target) order=\(order) webhook=\(webhookID)")
            print("\(response.status) \(response.text.trimmingCharacters(in: .whitespacesAndNewlines))")
            return response.status == 200 ? 0 : 1
        } catch {
            throw .failed("cannot reach the intake at \(config.intakeListen): \(error); is 'wasp intake' running?")
        }
    }

    private static func payload(_ arguments: Arguments) throws(CommandError) -> Data {
        if let file = arguments.options["payload"] {
            guard let data = FileManager.default.contents(atPath: file) else { throw .failed("cannot read \(file)") }
            return data
        }
        let id = UInt64(Date().timeIntervalSince1970 * 1000) * 1000 + UInt64.random(in: 0..<1000)
        return SampleOrder.body(id: id, number: 1000 + Int(id % 9000),
                                phone: arguments.options["phone"] ?? "+1 (502) 459-2181")
    }
}
