import Crypto
import Foundation
import Glibc
import HTTP
import Spool
import TestSupport

/// A Cloud API tenant `shop` with its app secret, a real intake and scheduler, and Meta's callbacks signed as
/// Meta signs them.
struct CloudTenantHarness {
    static let appSecret = "meta-app-secret-0123456789"
    static let tenant = TenantID("shop")!
    let harness: SchedulerHarness

    init(extraLines: [String] = []) throws {
        harness = try SchedulerHarness(tenantLines: [
            "provider = cloud", "cloud.phone_number_id = 106540352242922", "cloud.token_file = cloud/shop.token",
            "cloud.template = order_confirmation", "cloud.language = en_US",
            "cloud.app_secret_file = cloud/app.secret", "cloud.verify_token = my-verify-token",
        ] + extraLines, startScheduler: false)
        let secret = harness.root.path + "/etc/cloud/app.secret"
        try FileManager.default.createDirectory(atPath: harness.root.path + "/etc/cloud", withIntermediateDirectories: true)
        try Self.appSecret.write(toFile: secret, atomically: true, encoding: .utf8)
        chmod(secret, 0o600)
        try harness.start()
        try harness.restartIntake()
    }

    func client() throws -> HTTPClient { try HTTPClient(host: "127.0.0.1", port: harness.intake!.port!) }

    /// Posts one callback whose `value` holds `field` (`statuses` or `messages`) with these items.
    func callback(_ field: String, _ items: [String], signedWith secret: String = appSecret) throws -> HTTPClient.Response {
        let body = Data(#"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"\#(field)":[\#(items.joined(separator: ","))]}}]}]}"#.utf8)
        let signature = "sha256=" + Digest.hex(Digest.hmacSHA256(key: Data(secret.utf8), message: body))
        return try client().send("POST", "/whatsapp/shop", headers: [("Content-Type", "application/json"),
                                                                    ("X-Hub-Signature-256", signature)], body: body)
    }

    /// An order in `sent/` whose message Meta accepted as `messageID`.
    func placeSent(_ id: String, messageID: String, asked: Bool = false, phone: String = "+15024592181") throws {
        var record = OrderRecord.sample(tenant: Self.tenant, id: id)
        record.attempts = [OrderRecord.Attempt(at: Timestamp.string(Date()), outcome: "sent", detail: "accepted by WhatsApp",
                                               messageID: messageID, messageStatus: "accepted")]
        record.phone.e164 = phone
        if asked { record.asked = true }
        try harness.orders.spool.saveOrder(record, tenant: Self.tenant, in: .sent, modified: Date())
    }
}
