import CloudStandIn
import Foundation
import Glibc
import Spool
import Testing
import TestSupport

/// Tenants with `provider = cloud`, through the real sender against the Cloud API stand-in.
@Suite struct CloudProviderTests {
    static let token = "EAAG-test-token"
    let cloud: CloudStandIn
    let harness: SenderHarness

    init() throws {
        cloud = try CloudStandIn(phoneNumberID: "106540352242922", token: Self.token, templates: ["order_confirmation": 3])
        harness = try SenderHarness(waspConf: ["cloud.api_url = \(cloud.url)", "cloud.timeout = 2s", "whatsapp.link_window = 3s"],
                                    tenantLines: [
            "provider = cloud", "cloud.phone_number_id = 106540352242922", "cloud.token_file = cloud/shop.token",
            "cloud.template = order_confirmation", "cloud.language = en_US",
            "cloud.parameters = {customer_name}, {order_name}, {currency} {total_price}",
        ], startSender: false)
        try writeToken(Self.token)
        try harness.start()
    }

    private var tokenFile: String { harness.root.path + "/etc/cloud/shop.token" }

    private func writeToken(_ token: String, mode: mode_t = 0o600) throws {
        try FileManager.default.createDirectory(atPath: harness.root.path + "/etc/cloud", withIntermediateDirectories: true)
        try (token + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        chmod(tokenFile, mode)
    }

    private var state: LinkStatus { harness.spool.linkStatus(TenantID("shop")!) }

    @Test func anOrderGoesAsTheApprovedTemplateAndItsMessageIDIsRecorded() throws {
        try harness.addReady("5001")
        #expect(harness.wait(for: ["5001"], in: .sent), "\(harness.log.suffix(5))")
        let message = try #require(cloud.messages.first)
        let record = try harness.orders["shop"]!.load("5001", in: .sent)
        #expect(record.attempts.last?.messageID == message.id && message.id.hasPrefix("wamid."))
        #expect(record.attempts.last?.messageStatus == "accepted")
        #expect(message.template == "order_confirmation" && message.callbackData == "shop/5001")
        #expect(message.parameters.count == 3 && "+" + message.to == record.phone.e164)
        #expect(cloud.messages.count == 1)
        #expect(harness.standIn.messages.isEmpty, "nothing went through WhatsApp Web")
        let show = try Wasp.run(["show", "shop", "5001", "--root", harness.root.path]).output
        #expect(show.contains("sent: accepted by WhatsApp (Cloud API message \(message.id), accepted)"), "\(show)")
        #expect(eventually(timeout: 5) { state.state == .linked }, "\(state)")
    }

    @Test func askingAddsConfirmAndCancelButtonsNamingTheOrderAndMarksItAsked() throws {
        let file = harness.root.path + "/etc/tenants/shop.conf"
        try (String(contentsOfFile: file, encoding: .utf8) + "\nconfirm.ask = yes\n").write(toFile: file, atomically: true, encoding: .utf8)
        try harness.addReady("5010")
        #expect(harness.wait(for: ["5010"], in: .sent), "\(harness.log.suffix(5))")
        #expect(cloud.messages.first?.buttons == ["confirm:5010", "cancel:5010"])
        #expect(try harness.orders["shop"]!.load("5010", in: .sent).asked == true)
    }

    @Test func aReminderGoesAsTheSameTemplateAndTheOrderReturnsToSent() throws {
        try harness.addReady("5012") { record in
            record.asked = true
            record.reminding = true
            record.attempts = [OrderRecord.Attempt(at: "2026-12-01T08:00:00Z", outcome: "sent", detail: "accepted by WhatsApp",
                                                   messageID: "wamid.FIRST")]
        }
        #expect(harness.wait(for: ["5012"], in: .sent), "\(harness.log.suffix(5))")
        let reminder = try #require(cloud.messages.first)
        #expect(reminder.template == "order_confirmation" && reminder.callbackData == "shop/5012")
        let record = try harness.orders["shop"]!.load("5012", in: .sent)
        #expect(record.attempts.map(\.outcome) == ["sent", "reminded"])
        #expect(record.attempts.last?.messageID == reminder.id, "a tap on the reminder's buttons finds the order")
        #expect(record.reminding == nil && record.remindedAt != nil && record.sentAt == "2026-12-01T08:00:00Z")
    }

    @Test func aReminderToANumberThatSaidStopIsGivenUpUnsent() throws {
        // The stop word came while the reminder waited in ready/, where the scheduler cannot mark the order.
        let phone = try #require(OrderRecord.sample(tenant: TenantID("shop")!, id: "5013").phone.e164)
        try OptOutList(spool: harness.spool, tenant: TenantID("shop")!).add(String(phone.dropFirst()), reason: "replied STOP", at: Date())
        try harness.addReady("5013") { record in
            record.asked = true
            record.reminding = true
            record.attempts = [OrderRecord.Attempt(at: "2026-12-01T08:00:00Z", outcome: "sent", detail: "accepted by WhatsApp")]
        }
        #expect(harness.wait(for: ["5013"], in: .sent), "\(harness.log.suffix(5))")
        #expect(cloud.messages.isEmpty)
        let record = try harness.orders["shop"]!.load("5013", in: .sent)
        #expect(record.attempts.last?.outcome == "reminder_failed" && record.attempts.last?.detail == "reminder not sent: the customer opted out")
    }

    @Test func withoutAskingTheMessageHasNoButtons() throws {
        try harness.addReady("5011")
        #expect(harness.wait(for: ["5011"], in: .sent))
        #expect(cloud.messages.first?.buttons == [])
        #expect(try harness.orders["shop"]!.load("5011", in: .sent).asked == nil)
    }

    @Test func aNumberNotOnWhatsAppFails() throws {
        var phone = ""
        try harness.addReady("5002") { phone = String($0.phone.e164!.dropFirst()) }
        cloud.markNotOnWhatsApp(phone)
        #expect(harness.wait(for: ["5002"], in: .failed))
        #expect(try harness.orders["shop"]!.load("5002", in: .failed).failure?.contains("not on WhatsApp (HTTP 400, code 131026") == true)
    }

    @Test func aWrongTokenMakesOrdersWaitAndSaysSoUntilTheTokenIsFixed() throws {
        try writeToken("EAAG-expired")
        try harness.addReady("5003")
        #expect(eventually(timeout: 15) { harness.orders["shop"]!.states(of: "5003") == [.deferred] })
        #expect(state.state == .error && state.reason?.hasPrefix("the access token has expired or is not valid (HTTP 401, code 190") == true,
                "\(state)")
        try writeToken(Self.token)
        #expect(harness.wait(for: ["5003"], in: .sent, timeout: 30), "the retry after the backoff goes through")
        #expect(eventually(timeout: 5) { state.state == .linked }, "\(state)")
    }

    @Test func aTokenFileOthersCanReadIsRefused() throws {
        try writeToken(Self.token, mode: 0o644)
        try harness.addReady("5004")
        #expect(eventually(timeout: 15) { harness.orders["shop"]!.states(of: "5004") == [.deferred] })
        #expect(state.reason?.contains("has mode 644; this secret's file must be 0600") == true, "\(state)")
        #expect(cloud.requests == 0, "the token was never sent")
    }

    @Test func aRateLimitIsHonouredAsMetaSays() throws {
        cloud.failNext(CloudStandIn.Failure(httpStatus: 429, code: 130429, retryAfter: 120))
        try harness.addReady("5005")
        #expect(eventually(timeout: 15) { harness.orders["shop"]!.states(of: "5005") == [.deferred] })
        let due = try #require(harness.orders["shop"]!.modified("5005", in: .deferred))
        #expect(due.timeIntervalSinceNow > 100 && due.timeIntervalSinceNow < 125, "Retry-After 120 s: \(due.timeIntervalSinceNow)")
        #expect(try harness.orders["shop"]!.load("5005", in: .deferred).attempts.last?.detail?.contains("code 130429") == true)
    }

    @Test func anAPIThatCannotBeReachedIsATransientFailure() throws {
        cloud.stop()
        try harness.addReady("5006")
        #expect(eventually(timeout: 15) { harness.orders["shop"]!.states(of: "5006") == [.deferred] })
        #expect(try harness.orders["shop"]!.load("5006", in: .deferred).attempts.last?.detail?.contains("could not be reached") == true)
    }

    /// Meta's pair rate limit: a second order for the same customer within 6 s waits, without counting as a failure.
    @Test func twoOrdersForOneCustomerAreAtLeastSixSecondsApart() throws {
        try harness.addReady("5008")
        #expect(harness.wait(for: ["5008"], in: .sent))
        try harness.addReady("5009")
        #expect(eventually(timeout: 10) { harness.orders["shop"]!.states(of: "5009") == [.deferred] })
        #expect(try harness.orders["shop"]!.load("5009", in: .deferred).attempts.last?.outcome == "pair_limit")
        #expect(harness.wait(for: ["5009"], in: .sent, timeout: 20))
        let times = cloud.messages.map(\.at)
        #expect(times.count == 2 && times[1].timeIntervalSince(times[0]) >= 6, "\(times)")
    }

    /// One line of the tenant file, no restart: on WhatsApp Web the order waits for a link; back on the Cloud API
    /// it goes through Meta.
    @Test func aTenantSwitchesProviderByEditingItsFile() throws {
        let file = harness.root.path + "/etc/tenants/shop.conf"
        let onCloud = try String(contentsOfFile: file, encoding: .utf8)
        try onCloud.replacingOccurrences(of: "provider = cloud", with: "provider = web").write(toFile: file, atomically: true, encoding: .utf8)
        try harness.addReady("5010")
        #expect(eventually(timeout: 20) { harness.linkState("shop") == .qr }, "on WhatsApp Web the tenant must link first")
        #expect(cloud.requests == 0)
        try onCloud.write(toFile: file, atomically: true, encoding: .utf8)
        // Within a scan of the sender (30 s), though the order was waiting for a WhatsApp Web link.
        #expect(harness.wait(for: ["5010"], in: .sent, timeout: 45), "\(harness.log.suffix(5))")
        #expect(cloud.messages.count == 1 && harness.standIn.messages.isEmpty)
    }

    /// Killed after Meta accepted but before the order moved: the recorded message id means sent, never again.
    @Test func anOrderFoundInActiveWithARecordedMessageIDIsNotSentAgain() throws {
        harness.kill()
        try harness.addReady("5007", in: .active) { record in
            record.attempts.append(OrderRecord.Attempt(at: Timestamp.string(Date()), outcome: "sent", detail: "accepted by WhatsApp",
                                                       messageID: "wamid.HBgLEARLIER", messageStatus: "accepted"))
        }
        try harness.start()
        #expect(harness.wait(for: ["5007"], in: .sent))
        #expect(cloud.requests == 0)
    }

    /// Killed while the request to Meta was on its way: the marker beside the order says it may have gone. Meta
    /// cannot be asked, so it fails with that reason instead of going twice; one claimed without a marker goes.
    @Test func anOrderFoundInActiveWhileHandedToMetaFailsVisiblyInsteadOfGoingTwice() throws {
        harness.kill()
        try harness.addReady("5008", in: .active)
        try harness.addReady("5009", in: .active)
        let marker = harness.spool.path(TenantID("shop")!, .active, "5008.json" + Spool.sendingMarkerSuffix)
        #expect(FileManager.default.createFile(atPath: marker, contents: nil))
        try harness.start()
        #expect(harness.wait(for: ["5008"], in: .failed), "\(harness.log.suffix(5))")
        #expect(harness.wait(for: ["5009"], in: .sent), "\(harness.log.suffix(5))")
        #expect(cloud.messages.map(\.callbackData) == ["shop/5009"])
        let failed = try harness.orders["shop"]!.load("5008", in: .failed)
        #expect(failed.attempts.last?.outcome == "may_have_gone")
        #expect(failed.failure?.contains("may have gone") == true)
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(harness.spool.list(TenantID("shop")!, .active).isEmpty, "no marker is left behind")
    }

    /// Killed between rewriting the file with its outcome and moving it: the outcome recorded after the mark
    /// stands (here a deferral that sent nothing), rather than a false "may have gone".
    @Test func anOutcomeRecordedAfterTheMarkStandsAtARestart() throws {
        harness.kill()
        try harness.addReady("5011", in: .active) { record in
            record.attempts.append(OrderRecord.Attempt(at: Timestamp.string(Date()), outcome: "pair_limit",
                                                       detail: "Meta allows one message per 6 s to one customer"))
        }
        let marker = harness.spool.path(TenantID("shop")!, .active, "5011.json" + Spool.sendingMarkerSuffix)
        #expect(FileManager.default.createFile(atPath: marker, contents: Data("0\n".utf8)))
        try harness.start()
        #expect(harness.wait(for: ["5011"], in: .sent), "\(harness.log.suffix(5))")
        let record = try harness.orders["shop"]!.load("5011", in: .sent)
        #expect(record.attempts.map(\.outcome) == ["pair_limit", "sent"])
        #expect(cloud.messages.count == 1)
    }
}

@Suite struct CloudVisibilityTests {
    @Test func statusAndTheSettingsTabShowTheProviderAndNeverTheToken() throws {
        let root = try TemporaryRoot(waspConf: ["public_url = https://wasp.example.com"])
        try root.addTenant("shop", lines: [
            "shopify.secret = s", "email = shop@example.com", "provider = cloud", "cloud.phone_number_id = 1065",
            "cloud.token_file = cloud/shop.token", "cloud.template = order_confirmation", "cloud.language = en_US",
        ])
        let status = try Wasp.run(["status", "shop", "--root", root.path])
        #expect(status.output.contains("shop     provider   cloud template order_confirmation (en_US)"), "\(status.output)")
        #expect(!status.output.contains("shop.token"))
    }
}
