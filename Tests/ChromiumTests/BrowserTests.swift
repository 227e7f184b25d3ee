import Chromium
import Foundation
import Glibc
import HTTP
import Processes
import Testing
import TestSupport

/// Our DevTools driver against a real headless Chromium and a page served from a loopback socket.
@Suite(.serialized) final class BrowserTests {
    let root: TemporaryRoot
    let server: HTTPServer

    static let page = """
        <!doctype html><html><body>
        <input id="name" autofocus>
        <button id="go" style="width:80px;height:30px" onclick="document.getElementById('out').textContent =
            'clicked ' + document.getElementById('name').value">Go</button>
        <div id="out"></div>
        <canvas id="box" width="40" height="20" style="background:red"></canvas>
        <div id="hidden" style="display:none">hidden</div>
        </body></html>
        """

    init() throws {
        BrowserTurn.take()
        root = try TemporaryRoot()
        server = try HTTPServer(host: "127.0.0.1", port: 0, limits: HTTPServerLimits()) { _ in
            HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/html")]), body: Data(Self.page.utf8))
        }
        Thread { [server] in server.run(grace: 0) }.start()
    }

    deinit {
        server.stop()
        BrowserTurn.give()
    }

    private var profile: String { root.path + "/profile" }
    private var url: String { "http://127.0.0.1:\(server.port)/" }

    private func launch() throws -> Browser {
        try Browser.launch(executable: "/usr/bin/chromium", profile: profile, commandTimeout: 5)
    }

    @Test func navigatesFindsClicksTypesAndTakesScreenshots() throws {
        let browser = try launch()
        defer { browser.kill() }
        let page = try browser.page()
        try page.navigate(to: url)
        #expect(try page.firstVisible(["#missing", "#hidden", "#go"]) == "#go")
        try page.click("#name")
        try page.insertText("Zoë \"quoted\" <b>")
        try page.click("#go")
        #expect(try page.evaluate("document.getElementById('out').textContent").string == "clicked Zoë \"quoted\" <b>")
        let image = try page.screenshot(of: "#box")
        #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(try page.html().contains("<canvas id=\"box\""))
        #expect(throws: BrowserError.noElement("#hidden")) { try page.click("#hidden") }
        #expect(throws: BrowserError.self) { try page.evaluate("throw new Error('boom')") }
        let stat = try FileManager.default.attributesOfItem(atPath: profile)
        #expect((stat[.posixPermissions] as? Int) == 0o700)
    }

    @Test func aFailedNavigationNamesTheAddressWithoutItsQuery() throws {
        let browser = try launch()
        defer { browser.kill() }
        let page = try browser.page()
        let port = closedLoopbackPort()
        do {
            try page.navigate(to: "http://127.0.0.1:\(port)/send?phone=4915112345678&text=Hello%20Alice")
            Issue.record("nothing listens on port \(port)")
        } catch {
            #expect(error.description.hasPrefix("cannot open http://127.0.0.1:\(port)/send?…: net::"), "\(error)")
            #expect(!error.description.contains("4915112345678") && !error.description.contains("Alice"))
        }
    }

    @Test func aKilledBrowserIsReportedAtOnceNotAfterATimeout() throws {
        let browser = try launch()
        let page = try browser.page()
        kill(browser.pid, SIGKILL)
        let started = Date()
        #expect(throws: BrowserError.exited) { _ = try eventuallyFails { try page.evaluate("1") } }
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(!browser.isRunning)
        browser.kill()
    }

    @Test func aCrashedTabIsReported() throws {
        let browser = try launch()
        defer { browser.kill() }
        let page = try browser.page()
        try page.navigate(to: url)
        let renderers = ProcessTree.members(browser.pid).filter {
            ProcessTree.commandLine($0)?.contains("--type=renderer") ?? false
        }
        #expect(!renderers.isEmpty)
        renderers.forEach { kill($0, SIGKILL) }
        #expect(throws: BrowserError.pageCrashed) { _ = try eventuallyFails { try page.evaluate("1") } }
    }

    @Test func aStaleSingletonLockFromACrashIsCleared() throws {
        try FileManager.default.createDirectory(atPath: profile, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: profile + "/SingletonLock", withDestinationPath: "otherhost-999999")
        let browser = try launch()
        defer { browser.kill() }
        #expect(browser.isRunning)
    }

    @Test func aBrowserOrphanedOnTheProfileIsStoppedBeforeANewOneStarts() throws {
        let orphan = try launch()
        let second = try launch()
        defer { second.kill() }
        #expect(eventually(timeout: 5) { !orphan.isRunning })
        try second.page().navigate(to: url)
        orphan.kill()
    }

    /// Runs `body` until it throws (a crash is noticed by the pipe's reader thread, a moment after the kill).
    private func eventuallyFails(_ body: () throws -> Any) throws -> Any {
        for _ in 0..<50 {
            _ = try body()
            usleep(100_000)
        }
        return try body()
    }
}
