import Foundation
import Testing
import TestSupport

/// What anyone can type into the login form reaches the dashboard's log escaped: no terminal command, carriage
/// return or line separator of theirs survives into the operator's terminal or a forged log line.
@Suite final class LogEscapeTests {
    @Test func anUnauthenticatedLoginEmailIsLoggedWithEveryControlCharacterEscaped() throws {
        let harness = try DashboardHarness()
        let email = "x\u{1b}]52;c;cm0glxjmih4=\u{07}\rdashboard: login tenant=alpha\u{2028}\u{85}@example.com"
        let answer = try harness.formLogin(email: email, password: "wrong")
        #expect(answer.status == 401)
        _ = eventually(timeout: 5) { harness.dashboard.log.contains { $0.contains("login refused") } }
        let line = try #require(harness.dashboard.log.first { $0.contains("login refused") })
        let controls = line.unicodeScalars.filter {
            ($0.properties.generalCategory == .control && $0 != "\n") || $0 == "\u{2028}" || $0 == "\u{2029}"
        }
        #expect(controls.isEmpty, "logged raw: \(controls.map { String($0.value, radix: 16) }) in \(line)")
        #expect(line.contains("\\x1b]52;c;cm0glxjmih4=\\x07\\rdashboard: login tenant=alpha\\u{2028}\\x85@example.com"))
    }
}
