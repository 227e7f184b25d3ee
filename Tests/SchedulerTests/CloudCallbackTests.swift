import Foundation
import HTTP
import Spool
import Testing
import TestSupport

/// Meta's callbacks for a Cloud API tenant, through the real intake and scheduler.
@Suite struct CloudCallbackTests {
    let cloud: CloudTenantHarness
    var harness: SchedulerHarness { cloud.harness }

    init() throws {
        cloud = try CloudTenantHarness()
    }

    private func client() throws -> HTTPClient { try cloud.client() }

    private func callback(_ statuses: [String], signedWith secret: String = CloudTenantHarness.appSecret) throws -> HTTPClient.Response {
        try cloud.callback("statuses", statuses, signedWith: secret)
    }

    private func status(_ id: String, _ word: String, order: String?, error: String = "") -> String {
        let data = order.map { #","biz_opaque_callback_data":"shop/\#($0)""# } ?? ""
        let errors = error.isEmpty ? "" : #","errors":[{"code":131026,"title":"\#(error)"}]"#
        return #"{"id":"\#(id)","status":"\#(word)","timestamp":"1764619200","recipient_id":"15024592181"\#(data)\#(errors)}"#
    }

    private func placeSent(_ id: String, messageID: String) throws {
        try cloud.placeSent(id, messageID: messageID)
    }

    @Test func theHandshakeAnswersTheChallengeOnlyForTheRightVerifyToken() throws {
        let good = try client().send("GET", "/whatsapp/shop?hub.mode=subscribe&hub.verify_token=my-verify-token&hub.challenge=1158201444")
        #expect(good.status == 200 && good.text == "1158201444")
        #expect(good.headers["X-Content-Type-Options"] == "nosniff", "an echoed challenge could be sniffed as HTML")
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
