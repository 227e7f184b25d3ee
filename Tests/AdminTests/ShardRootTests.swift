import Foundation
@testable import Admin
import Testing

/// A shard's `host:/path` from `etc/shards` reaches the remote shell as words it cannot split or run.
@Suite struct ShardRootTests {
    @Test func theRemoteCommandQuotesEveryWordAndEndsSshsOptions() throws {
        let root = ShardRoot("-oProxyCommand=evil:/srv/wasp root; touch /tmp/owned 'quoted'")
        let command = root.command("/usr/local/bin/wasp", ["shard", "adopt", "shop"])
        #expect(Array(command.prefix(3)) == ["/usr/bin/ssh", "--", "-oProxyCommand=evil"])
        // What the remote shell makes of the string ssh hands it, with `wasp` printing its arguments.
        let script = "wasp() { printf '%s\\n' \"$@\"; }; " + command[3]
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", script]
        let output = Pipe()
        shell.standardOutput = output
        try shell.run()
        shell.waitUntilExit()
        let words = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        #expect(words == ["shard", "adopt", "shop", "--root", "/srv/wasp root; touch /tmp/owned 'quoted'"])
    }
}
