import Foundation
import Spool
import Testing

/// `spool/<t>/whatsapp/self-check`, which the sender writes and `wasp doctor` and the dashboard read.
@Suite struct SelfCheckResultTests {
    @Test func theResultFileReadsBackAsWritten() throws {
        let result = SelfCheckResult(at: Timestamp.date("2026-12-06T21:00:00Z")!, screen: "chat", build: nil,
                                     missing: ["message_text", "chat_row"], found: ["compose_box = [data-tab=\"10\"]"])
        #expect(SelfCheckResult(text: result.text) == result)
        #expect(result.text.hasPrefix("result = failed\nat = 2026-12-06T21:00:00Z\nscreen = chat\nbuild = unknown\n"))
    }
}
