import Foundation
import HTTP
import Testing
import TestSupport

/// `make demo`'s script, with the debug build: a scratch root, `wasp up`, a link through the stand-in's phone,
/// three orders, three messages.
@Suite struct DemoTests {
    @Test func theDemoLinksTheTenantAndSendsItsOrders() throws {
        BrowserTurn.take()
        defer { BrowserTurn.give() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Paths.package + "/Tests/StandInServer/demo.sh")
        var environment = ProcessInfo.processInfo.environment
        environment["BIN"] = (Paths.wasp as NSString).deletingLastPathComponent
        environment["DEMO_ONCE"] = "1"
        environment["DEMO_INTAKE_PORT"] = String(closedLoopbackPort())
        environment["DEMO_DASHBOARD_PORT"] = String(closedLoopbackPort())
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("log in as demo@example.com / demo-password"))
        #expect(text.contains("state: linked (Linked to WhatsApp)"), "\(text)")
        #expect(text.components(separatedBy: "is confirmed!").count == 4, "three messages reached the stand-in: \(text)")
    }
}
