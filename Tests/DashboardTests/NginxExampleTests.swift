import Foundation
import Glibc
import HTTP
import Testing
import TestSupport

/// Debian's nginx (`apt-get install nginx-light`); without it the suite is skipped.
private let nginx = "/usr/sbin/nginx"

/// The README's nginx block, run for real in front of the dashboard (TLS left out: nginx listens on loopback in
/// plain HTTP, and the test sends the `Origin` a browser on https://wasp.example.com would).
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: nginx), "nginx is not installed"))
final class NginxExampleTests {
    /// The `server { … }` of the README's ```nginx block, on a plain port, with the dashboard's real port.
    private static func server(listen port: UInt16, dashboard: UInt16) throws -> String {
        let readme = try String(contentsOfFile: Paths.package + "/Sources/Help/Topics/production.md", encoding: .utf8)
        let block = try #require(readme.components(separatedBy: "```nginx\n").dropFirst().first?.components(separatedBy: "```").first)
        return block.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            !["ssl_certificate", "http2 on"].contains { line.contains($0) }
        }.joined(separator: "\n")
            .replacingOccurrences(of: "listen 443 ssl;", with: "listen 127.0.0.1:\(port);")
            .replacingOccurrences(of: "127.0.0.1:8081", with: "127.0.0.1:\(dashboard)")
    }

    @Test func aBrowserLogsInThroughTheShippedNginxBlock() throws {
        let harness = try DashboardHarness(waspConf: ["dashboard.trusted_proxies = 127.0.0.1"])
        let port = closedLoopbackPort()
        let prefix = harness.root.path + "/nginx"
        try FileManager.default.createDirectory(atPath: prefix + "/logs", withIntermediateDirectories: true)
        let conf = """
        pid \(prefix)/nginx.pid;
        error_log \(prefix)/logs/error.log;
        events {}
        http {
            access_log off;
            client_body_temp_path \(prefix)/body;
            proxy_temp_path \(prefix)/proxy;
            \(try Self.server(listen: port, dashboard: harness.port))
        }
        """
        try conf.write(toFile: prefix + "/nginx.conf", atomically: true, encoding: .utf8)
        let proxy = Process()
        proxy.executableURL = URL(fileURLWithPath: nginx)
        proxy.arguments = ["-p", prefix, "-c", prefix + "/nginx.conf", "-g", "daemon off; master_process off;"]
        try proxy.run()
        // nginx without its master process did not end on SIGTERM here; SIGKILL always ends it.
        defer { kill(proxy.processIdentifier, SIGKILL); proxy.waitUntilExit() }
        let started = eventually(timeout: 5) { (try? HTTPClient(host: "127.0.0.1", port: port)) != nil }
        try #require(started, "nginx did not start: \((try? String(contentsOfFile: prefix + "/logs/error.log", encoding: .utf8)) ?? "")")
        let login = try HTTPClient(host: "127.0.0.1", port: port).send(
            "POST", "/login", headers: [("Origin", "https://wasp.example.com"), ("Sec-Fetch-Site", "same-origin"),
                                        ("Content-Type", "application/x-www-form-urlencoded")],
            body: Data("email=alpha%40example.com&password=alpha-password-1".utf8))
        #expect(login.status == 303, "through nginx the login answered \(login.status)")
        #expect(login.headers["Location"] == "/orders")
    }
}
