import Foundation
import HTTP
import Testing
import TestSupport

/// `make demo`'s script, with the debug build: a scratch root, `wasp up`, a link through the stand-in's phone,
/// three orders, three messages.
@Suite struct DemoTests {
    /// Runs demo.sh to its end with the debug build and these ports; its status and everything it printed.
    private func demo(intakePort: UInt16, dashboardPort: UInt16) throws -> (status: Int32, text: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Paths.package + "/Tests/StandInServer/demo.sh")
        var environment = ProcessInfo.processInfo.environment
        environment["BIN"] = (Paths.wasp as NSString).deletingLastPathComponent
        environment["DEMO_ONCE"] = "1"
        environment["DEMO_INTAKE_PORT"] = String(intakePort)
        environment["DEMO_DASHBOARD_PORT"] = String(dashboardPort)
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func theDemoLinksTheTenantAndSendsItsOrders() throws {
        BrowserTurn.take()
        defer { BrowserTurn.give() }
        let (status, text) = try demo(intakePort: closedLoopbackPort(), dashboardPort: closedLoopbackPort())
        #expect(status == 0, "\(text)")
        #expect(text.contains("log in as demo@example.com / demo-password"))
        #expect(text.contains("state: linked (Linked to WhatsApp)"), "\(text)")
        #expect(text.components(separatedBy: "is confirmed!").count == 4, "three messages reached the stand-in: \(text)")
    }

    /// Another program on the dashboard's port answers there; the demo must not send the merchant to it.
    @Test func aTakenPortStopsTheDemoBeforeItPrintsAnAddress() throws {
        let taken = try HTTPServer(host: "127.0.0.1", port: 0, limits: HTTPServerLimits()) { _ in .text(200, "someone else") }
        let (status, text) = try demo(intakePort: closedLoopbackPort(), dashboardPort: taken.port)
        #expect(status == 1, "\(text)")
        #expect(!text.contains("http://127.0.0.1:\(taken.port)"), "\(text)")
        #expect(text.contains("key=dashboard.listen"), "\(text)")
        #expect(text.contains("DEMO_DASHBOARD_PORT=\(taken.port)"), "\(text)")
        withExtendedLifetime(taken) {}
    }
}
