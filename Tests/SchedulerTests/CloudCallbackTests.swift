import Crypto
import Foundation
import Glibc
import HTTP
import Spool
import Testing
import TestSupport

/// Meta's callbacks for a Cloud API tenant, through the real intake and scheduler.
@Suite struct CloudCallbackTests {
    static let appSecret = "meta-app-secret-0123456789"
    let harness: SchedulerHarness

    init() throws {
        harness = try SchedulerHarness(tenantLines: [
            "provider = cloud", "cloud.phone_number_id = 106540352242922", "cloud.token_file = cloud/shop.token",
            "cloud.template = order_confirmation", "cloud.language = en_US",
            "cloud.app_secret_file = cloud/app.secret", "cloud.verify_token = my-verify-token",
        ], startScheduler: false)
        let secret = harness.root.path + "/etc/cloud/app.secret"
        try FileManager.default.createDirectory(atPath: harness.root.path + "/etc/cloud", withIntermediateDirectories: true)
        try Self.appSecret.write(toFile: secret, atomically: true, encoding: .utf8)
        chmod(secret, 0o600)
        try harness.start()
        try harness.restartIntake()
    }

    private func client() throws -> HTTPClient { try HTTPClient(host: "127.0.0.1", port: harness.intake!.port!) }

    private func callback(_ statuses: [String], signedWith secret: String = appSecret) throws -> HTTPClient.Response {
        let body = Data(#"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"statuses":[\#(statuses.joined(separator: ","))]}}]}]}"#.utf8)
        let signature = "sha256=" + Digest.hex(Digest.hmacSHA256(key: Data(secret.utf8), message: body))
        return try client().send("POST", "/whatsapp/shop", headers: [("Content-Type", "application/json"),
                                                                    ("X-Hub-Signature-256", signature)], body: body)
    }

    private func status(_ id: String, _ word: String, order: String?, error: String = "") -> String {
        let data = order.map { #","biz_opaque_callback_data":"shop/\#($0)""# } ?? ""
        let errors = error.isEmpty ? "" : #","errors":[{"code":131026,"title":"\#(error)"}]"#
        return #"{"id":"\#(id)","status":"\#(word)","timestamp":"1764619200","recipient_id":"15024592181"\#(data)\#(errors)}"#
    }

    private func placeSent(_ id: String, messageID: String) throws {
        var record = OrderRecord.sample(tenant: TenantID("shop")!, id: id)
        record.attempts = [OrderRecord.Attempt(at: Timestamp.string(Date()), outcome: "sent", detail: "accepted by WhatsApp",
                                               messageID: messageID, messageStatus: "accepted")]
        try harness.orders.spool.saveOrder(record, tenant: TenantID("shop")!, in: .sent, modified: Date())
    }

    @Test func theHandshakeAnswersTheChallengeOnlyForTheRightVerifyToken() throws {
        let good = try client().send("GET", "/whatsapp/shop?hub.mode=subscribe&hub.verify_token=my-verify-token&hub.challenge=1158201444")
        #expect(good.status == 200 && good.text == "1158201444")
        let bad = try client().send("GET", "/whatsapp/shop?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444")
        #expect(bad.status == 403)
        #expect(try client().send("GET", "/whatsapp/nosuch?hub.mode=subscribe&hub.verify_token=x").status == 404)
    }

    @Test func aCallbackWithABadOrMissingSignatureIs401AndWritesNothing() throws {
        #expect(try callback([status("wamid.A", "delivered", order: "6001")], signedWith: "not-the-secret").status == 401)
        let unsigned = try client().send("POST", "/whatsapp/shop", headers: [("Content-Type", "application/json")],
                                         body: Data("{}".utf8))
        #expect(unsigned.status == 401)
        #expect(harness.orders.names(.events).isEmpty && harness.root.files(under: "spool/shop/events").isEmpty)
    }

    @Test func statusesRaiseAnOrderAndNeverLowerItWhateverTheirOrderOrRepeats() throws {
        try placeSent("6002", messageID: "wamid.B")
        #expect(try callback([status("wamid.B", "delivered", order: "6002")]).status == 200)
        #expect(eventually { (try? harness.orders.load("6002", in: .sent).messageStatus) == "delivered" })
        #expect(try callback([status("wamid.B", "sent", order: "6002"), status("wamid.B", "delivered", order: "6002")]).status == 200)
        #expect(try callback([status("wamid.B", "read", order: nil)]).status == 200, "found by its message id")
        #expect(eventually { (try? harness.orders.load("6002", in: .sent).messageStatus) == "read" && harness.orders.names(.events).isEmpty })
        #expect(try callback([status("wamid.B", "delivered", order: "6002")]).status == 200)
        #expect(eventually { harness.orders.names(.events).isEmpty })
        #expect(try harness.orders.load("6002", in: .sent).messageStatus == "read")
        // The scheduler logs an applied event after removing its file.
        #expect(eventually(timeout: 5) { harness.log.contains { $0.contains("sent ignored: already delivered") } }, "\(harness.log)")
        #expect(eventually(timeout: 5) { harness.log.contains { $0.contains("delivered ignored: already read") } }, "\(harness.log)")
    }

    @Test func aFailedStatusAfterSendingMovesTheOrderToFailedWithMetasReason() throws {
        try placeSent("6003", messageID: "wamid.C")
        #expect(try callback([status("wamid.C", "failed", order: "6003", error: "Message undeliverable")]).status == 200)
        #expect(eventually { harness.orders.states(of: "6003") == [.failed] })
        #expect(try harness.orders.load("6003", in: .failed).failure == "WhatsApp could not deliver the message (code 131026: Message undeliverable)")
    }

    @Test func aCallbackForAnUnknownMessageIsAcceptedAndChangesNothing() throws {
        try placeSent("6004", messageID: "wamid.D")
        #expect(try callback([status("wamid.UNKNOWN", "delivered", order: nil)]).status == 200)
        #expect(eventually { harness.log.contains { $0.contains("no order for message wamid.UNKNOWN") } })
        #expect(try harness.orders.load("6004", in: .sent).messageStatus == nil)
    }
}
