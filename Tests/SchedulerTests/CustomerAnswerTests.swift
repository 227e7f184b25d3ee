import Foundation
import HTTP
import Spool
import Testing
import TestSupport

/// Customers' replies to an asked order (`confirm.ask = yes`), through the real intake and scheduler: Meta's
/// callbacks for the Cloud API, the sender's `whatsapp/answer` events for WhatsApp Web.
@Suite struct CustomerAnswerTests {
    let cloud: CloudTenantHarness
    var orders: OrderFiles { cloud.harness.orders }
    var log: [String] { cloud.harness.log }

    init() throws {
        cloud = try CloudTenantHarness(extraLines: ["confirm.ask = yes"])
    }

    private func reply(_ fields: String, from: String = "15024592181", id: String = "wamid.IN\(Int.random(in: 0...999_999))") -> String {
        #"{"from":"\#(from)","id":"\#(id)","timestamp":"1764620000",\#(fields)}"#
    }

    private func button(_ payload: String, repliesTo: String? = nil) -> String {
        let context = repliesTo.map { #""context":{"from":"15550783881","id":"\#($0)"},"# } ?? ""
        return reply(context + #""type":"button","button":{"payload":"\#(payload)","text":"Confirm"}"#)
    }

    private func text(_ body: String, repliesTo: String? = nil, from: String = "15024592181") -> String {
        let context = repliesTo.map { #""context":{"from":"15550783881","id":"\#($0)"},"# } ?? ""
        return reply(context + #""type":"text","text":{"body":"\#(body)"}"#, from: from)
    }

    @Test func aTappedConfirmButtonMovesTheOrderToConfirmedAndRecordsTheAnswer() throws {
        try cloud.placeSent("7001", messageID: "wamid.Q1", asked: true)
        #expect(try cloud.callback("messages", [button("confirm:7001", repliesTo: "wamid.Q1")]).status == 200)
        #expect(eventually { orders.states(of: "7001") == [.confirmed] })
        #expect(eventually { (try? orders.load("7001", in: .confirmed))?.answers?.isEmpty == false })
        let answer = try #require(try orders.load("7001", in: .confirmed).answers?.first)
        #expect(answer.meaning == .confirm && answer.button == "confirm:7001" && answer.provider == "cloud")
        #expect(answer.at == "2025-12-01T20:13:20Z", "the time Meta says the customer answered")
    }

    @Test func aTypedNoCancelsByTheCustomerAndALaterYesWinsAsAChange() throws {
        try cloud.placeSent("7002", messageID: "wamid.Q2", asked: true)
        #expect(try cloud.callback("messages", [text("No", repliesTo: "wamid.Q2")]).status == 200)
        #expect(eventually { (try? orders.load("7002", in: .cancelled))?.answers?.count == 1 })
        let cancelled = try orders.load("7002", in: .cancelled)
        #expect(cancelled.cancellation?.by == "customer" && cancelled.cancellation?.afterSending == true)
        #expect(try cloud.callback("messages", [text("sí")]).status == 200, "found by the customer's number")
        #expect(eventually { orders.states(of: "7002") == [.confirmed] && (try? orders.load("7002", in: .confirmed))?.answers?.count == 2 })
        let changed = try orders.load("7002", in: .confirmed)
        #expect(changed.answers?.map(\.meaning) == [.cancel, .confirm])
        #expect(changed.cancellation == nil)
    }

    @Test func aStopToOneOrderListsTheNumberAndNoOrderOfItIsReminded() throws {
        let quick = try CloudTenantHarness(extraLines: ["confirm.ask = yes", "confirm.reminder = 2s"])
        try quick.placeSent("7301", messageID: "wamid.Q31", asked: true)
        try quick.placeSent("7302", messageID: "wamid.Q32", asked: true)
        #expect(try quick.callback("messages", [text("ARRÊT", repliesTo: "wamid.Q31")]).status == 200)
        let files = quick.harness.orders
        #expect(eventually { (try? files.load("7301", in: .sent))?.optedOutAt != nil }, "\(quick.harness.log)")
        #expect(files.spool.exists("15024592181", tenant: CloudTenantHarness.tenant, in: .optout))
        sleep(4)
        #expect(files.states(of: "7301") == [.sent] && files.states(of: "7302") == [.sent],
                "the other order of the number is not sent back for a reminder either: \(quick.harness.log.suffix(5))")
        #expect((try? files.load("7302", in: .sent))?.reminding == nil)
    }

    @Test func aReplyToAMessageThatAskedNothingIsRecordedButMovesNothing() throws {
        try cloud.placeSent("7303", messageID: "wamid.Q33")
        #expect(try cloud.callback("messages", [text("ok thanks", repliesTo: "wamid.Q33"), text("ok", repliesTo: "wamid.Q33")]).status == 200)
        #expect(eventually { (try? orders.load("7303", in: .sent))?.answers?.count == 2 }, "\(log)")
        #expect(orders.states(of: "7303") == [.sent], "a prepaid order told it is confirmed is not 'confirmed by the customer'")
    }

    /// Meta's shape for a customer who writes from a username: a business-scoped user ID and no phone.
    private func usernameReply(_ fields: String) -> String {
        #"{"from_user_id":"US.13491208655302741918","id":"wamid.IN\#(Int.random(in: 0...999_999))","timestamp":"1764620000",\#(fields)}"#
    }

    @Test func aReplyWithOnlyABusinessScopedUserIDIsMatchedByTheMessageItAnswers() throws {
        try cloud.placeSent("7201", messageID: "wamid.Q21", asked: true)
        let reply = usernameReply(#""context":{"id":"wamid.Q21"},"type":"text","text":{"body":"yes"}"#)
        #expect(try cloud.callback("messages", [reply]).status == 200)
        #expect(eventually { (try? orders.load("7201", in: .confirmed))?.answers?.first?.meaning == .confirm }, "\(log)")
    }

    @Test func aUsernameReplyToNoMessageOfOursIsLoggedWithoutANumber() throws {
        try cloud.placeSent("7202", messageID: "wamid.Q22", asked: true)
        #expect(try cloud.callback("messages", [usernameReply(#""type":"text","text":{"body":"1"}"#)]).status == 200)
        #expect(eventually { log.contains { $0.contains("no asked order for the reply from user ID …1918") } }, "\(log)")
        #expect(orders.states(of: "7202") == [.sent], "never matched by a number made of the user ID")
    }

    @Test(arguments: [("👍", SpoolDirectory.confirmed), ("👎", SpoolDirectory.cancelled)])
    func aReactionToOurQuestionCountsLikeTheSameEmojiTyped(_ emoji: String, _ state: SpoolDirectory) throws {
        try cloud.placeSent("7203", messageID: "wamid.Q23", asked: true)
        let reaction = reply(#""type":"reaction","reaction":{"message_id":"wamid.Q23","emoji":"\#(emoji)"}"#)
        #expect(try cloud.callback("messages", [reaction]).status == 200)
        #expect(eventually { (try? orders.load("7203", in: state))?.answers?.first?.text == emoji }, "\(log)")
    }

    @Test func aReactionToAnotherMessageAnswersNothing() throws {
        try cloud.placeSent("7204", messageID: "wamid.Q24", asked: true)
        let reaction = reply(#""type":"reaction","reaction":{"message_id":"wamid.SOMETHING_ELSE","emoji":"👍"}"#)
        #expect(try cloud.callback("messages", [reaction]).status == 200)
        #expect(eventually { log.contains { $0.contains("no asked order for the reply from …2181") } }, "\(log)")
        #expect(orders.states(of: "7204") == [.sent])
    }

    @Test func aReplyThatIsNeitherYesNorNoIsRecordedAndChangesNothing() throws {
        try cloud.placeSent("7003", messageID: "wamid.Q3", asked: true)
        #expect(try cloud.callback("messages", [text("When does it arrive?")]).status == 200)
        #expect(eventually { (try? orders.load("7003", in: .sent))?.answers?.first?.text == "When does it arrive?" })
        #expect(try orders.load("7003", in: .sent).answers?.first?.meaning == .unclear)
        #expect(orders.states(of: "7003") == [.sent])
    }

    @Test func aReplyFromANumberWithNoAskedOrderIsLoggedAndChangesNothing() throws {
        try cloud.placeSent("7004", messageID: "wamid.Q4", asked: true)
        #expect(try cloud.callback("messages", [text("1", from: "447700900123")]).status == 200)
        #expect(eventually { log.contains { $0.contains("no asked order for the reply from …0123") } }, "\(log)")
        #expect(orders.states(of: "7004") == [.sent])
        #expect(try orders.load("7004", in: .sent).answers == nil)
    }

    @Test func anOrderShopifyCancelledStaysCancelledWhateverTheCustomerAnswers() throws {
        try cloud.placeSent("7005", messageID: "wamid.Q5", asked: true)
        try cloud.harness.post(json: #"{"id":7005,"cancelled_at":"2026-12-01T10:00:00Z","cancel_reason":"customer"}"#,
                               topic: "orders/cancelled")
        #expect(eventually { orders.states(of: "7005") == [.cancelled] })
        #expect(try cloud.callback("messages", [button("confirm:7005")]).status == 200)
        #expect(eventually { (try? orders.load("7005", in: .cancelled))?.answers?.count == 1 })
        #expect(orders.states(of: "7005") == [.cancelled])
        #expect(try orders.load("7005", in: .cancelled).cancellation?.by == nil, "still Shopify's cancel")
    }

    @Test func aForgedReplyIsRefusedAndWritesNothing() throws {
        try cloud.placeSent("7006", messageID: "wamid.Q6", asked: true)
        #expect(try cloud.callback("messages", [button("cancel:7006")], signedWith: "guessed").status == 401)
        #expect(orders.names(.events).isEmpty)
        #expect(orders.states(of: "7006") == [.sent])
    }

    @Test func anAnswerAfterTheExpiryStillCountsAndIsMarkedLate() throws {
        try cloud.placeSent("7008", messageID: "wamid.Q8", asked: true)
        var record = try orders.load("7008", in: .sent)
        record.attempts[0].at = Timestamp.string(Date().addingTimeInterval(-3 * 86400))
        record.noAnswerAt = Timestamp.string(Date().addingTimeInterval(-86400))
        try orders.spool.saveOrder(record, tenant: CloudTenantHarness.tenant, in: .sent, modified: Date())
        let now = Int(Date().timeIntervalSince1970)
        let late = #"{"from":"15024592181","id":"wamid.IN8","timestamp":"\#(now)","context":{"id":"wamid.Q8"},"type":"text","text":{"body":"ok"}}"#
        #expect(try cloud.callback("messages", [late]).status == 200)
        #expect(eventually { (try? orders.load("7008", in: .confirmed))?.answers?.count == 1 })
        #expect(try orders.load("7008", in: .confirmed).answers?.first?.late == true)
    }

    @Test func aWhatsAppWebAnswerEventFindsTheLatestAskedOrderToThatNumber() throws {
        try cloud.placeSent("7007", messageID: "wamid.Q7", asked: true, phone: "+923001234567")
        let event = #"{"topic":"whatsapp/answer","tenant":"shop","received_at":"2026-12-01T10:00:00Z","payload":{"from":"923001234567","text":"نہیں","at":"2026-12-01T09:59:58Z"}}"#
        try Data(event.utf8).write(to: URL(fileURLWithPath: cloud.harness.root.spool + "/shop/tmp/answer"))
        try FileManager.default.moveItem(atPath: cloud.harness.root.spool + "/shop/tmp/answer",
                                         toPath: cloud.harness.root.spool + "/shop/events/20261201T100000.000000Z-answer.json")
        #expect(eventually { (try? orders.load("7007", in: .cancelled))?.answers?.count == 1 })
        let answer = try orders.load("7007", in: .cancelled).answers?.first
        #expect(answer?.provider == "web" && answer?.text == "نہیں" && answer?.meaning == .cancel)
    }
}

/// `confirm.expire` and the jobs for `wasp writeback`, through the real intake and scheduler.
@Suite struct NoAnswerTests {
    @Test func anAskedOrderWithoutAnswerIsMarkedNoAnswerAndItsJobWritten() throws {
        let cloud = try CloudTenantHarness(extraLines: ["confirm.ask = yes", "confirm.expire = 2s",
                                                        "shopify.admin_token_file = shopify/shop.token",
                                                        "shopify.admin_url = http://127.0.0.1:9/admin/api/2025-07/graphql.json"])
        try cloud.placeSent("7101", messageID: "wamid.N1", asked: true)
        try cloud.placeSent("7102", messageID: "wamid.N2", asked: true)
        #expect(try cloud.callback("messages", [#"{"from":"15024592181","id":"wamid.IN1","timestamp":"1764620000","context":{"id":"wamid.N2"},"type":"text","text":{"body":"1"}}"#]).status == 200)
        #expect(eventually { cloud.harness.orders.states(of: "7102") == [.confirmed] })
        #expect(eventually(timeout: 10) { (try? cloud.harness.orders.load("7101", in: .sent))?.noAnswerAt != nil })
        #expect(cloud.harness.orders.states(of: "7101") == [.sent], "no answer leaves the order where it is")
        let jobs = cloud.harness.orders.spool.list(TenantID("shop")!, .writeback).compactMap {
            (try? cloud.harness.orders.spool.read($0.name, tenant: TenantID("shop")!, in: .writeback)).flatMap(WritebackJob.decode)
        }
        #expect(jobs.count == 2, "\(jobs)")
        #expect(jobs.first { $0.orderID == "7101" }?.addTags == ["wasp-no-answer"])
        #expect(jobs.first { $0.orderID == "7102" }?.addTags == ["wasp-confirmed"])
        #expect(jobs.first { $0.orderID == "7102" }?.removeTags == ["wasp-cancel-requested", "wasp-no-answer"])
        let show = try Wasp.run(["show", "shop", "7101", "--root", cloud.harness.root.path]).output
        #expect(show.contains("answer    no answer"), "\(show)")
    }

    @Test func quickAnswersEachGetAJobInTheirOrderAndARedeliveredOneChangesNothing() throws {
        let cloud = try CloudTenantHarness(extraLines: ["confirm.ask = yes", "shopify.admin_token_file = shopify/shop.token",
                                                        "shopify.admin_url = http://127.0.0.1:9/admin/api/2025-07/graphql.json"])
        try cloud.placeSent("7104", messageID: "wamid.N4", asked: true)
        let yes = #"{"from":"15024592181","id":"wamid.Y","timestamp":"1764620000","context":{"id":"wamid.N4"},"type":"text","text":{"body":"yes"}}"#
        let no = #"{"from":"15024592181","id":"wamid.N","timestamp":"1764620000","context":{"id":"wamid.N4"},"type":"text","text":{"body":"no, cancel"}}"#
        #expect(try cloud.callback("messages", [yes, no]).status == 200, "two answers in the same second")
        #expect(eventually { (try? cloud.harness.orders.load("7104", in: .cancelled))?.answers?.count == 2 })
        #expect(try cloud.callback("messages", [yes]).status == 200, "Meta delivers the first again")
        #expect(eventually { cloud.harness.orders.names(.events).isEmpty })
        #expect(eventually(timeout: 5) { cloud.harness.log.contains { $0.contains("recorded already") } }, "\(cloud.harness.log)")
        #expect(cloud.harness.orders.states(of: "7104") == [.cancelled], "an old answer delivered again does not win")
        let spool = cloud.harness.orders.spool
        let jobs = spool.list(CloudTenantHarness.tenant, .writeback).map(\.name).sorted().compactMap {
            (try? spool.read($0, tenant: CloudTenantHarness.tenant, in: .writeback)).flatMap(WritebackJob.decode)
        }
        #expect(jobs.map(\.addTags) == [["wasp-confirmed"], ["wasp-cancel-requested"]], "one job each, in the order decided")
    }

    @Test func aTenantWithoutAnAdminTokenGetsNoJobs() throws {
        let cloud = try CloudTenantHarness(extraLines: ["confirm.ask = yes"])
        try cloud.placeSent("7103", messageID: "wamid.N3", asked: true)
        #expect(try cloud.callback("messages", [#"{"from":"15024592181","id":"wamid.IN2","context":{"id":"wamid.N3"},"type":"text","text":{"body":"2"}}"#]).status == 200)
        #expect(eventually { cloud.harness.orders.states(of: "7103") == [.cancelled] })
        #expect(cloud.harness.root.files(under: "spool/shop/writeback").isEmpty)
    }
}
