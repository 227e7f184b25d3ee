import Bench
import Foundation
import Glibc
import Spool
import Testing
import TestSupport

/// README's production set-up: `users = PREFIX`, each daemon its own Unix user (`wasp users --create`), the owners
/// and modes set by `wasp fsck --repair`, which `wasp up` runs first. A short soak under kills proves the pipeline
/// works that way (every daemon restarted switches again); the owners of the files it left say who wrote them;
/// and a daemon's user is refused what the SPEC does not give it.
@Suite struct SeparateUsersTests {
    static let canMakeUsers = geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/useradd")

    @Test(.enabled(if: canMakeUsers, "needs root and useradd to make the daemons' users"))
    func eachDaemonAsItsOwnUserSendsEveryOrderOnceAndIsRefusedTheOthersFiles() throws {
        BrowserTurn.take()
        defer { BrowserTurn.give() }
        let prefix = "wt" + String((0..<5).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
        defer { Self.removeAccounts(prefix) }
        let accounts = try TemporaryRoot(waspConf: ["users = \(prefix)"])
        #expect(try Wasp.run(["users", "--root", accounts.path]).status == 1, "nothing is made yet")
        let created = try Wasp.run(["users", "--create", "--root", accounts.path])
        #expect(created.status == 0, "\(created.output)")
        #expect(try Wasp.run(["users", "--root", accounts.path]).status == 0)

        let scratch = try TemporaryRoot()
        chmod(scratch.path, 0o755)
        var settings = SoakBench.Settings(executable: Paths.wasp, etc: Paths.package + "/etc", directory: scratch.path)
        (settings.webTenants, settings.cloudTenants, settings.orders, settings.rate, settings.delay) = (1, 1, 40, 4, 5)
        (settings.killEvery, settings.drain, settings.keep, settings.users) = (3, 120, true, prefix)
        let tally = try SoakBench(settings).run { print($0) }
        tally.report.forEach { print($0) }
        #expect(tally.isClean, "\(tally.line)")
        #expect(tally.accepted == 40)
        #expect(tally.sentOnce >= 30, "\(tally.line)")

        let root = try #require(try FileManager.default.contentsOfDirectory(atPath: scratch.path).first { $0.hasPrefix("wasp-soak") })
        let site = scratch.path + "/" + root, spool = site + "/spool"
        let fsck = try Wasp.run(["fsck", "--root", site])
        #expect(fsck.status == 0, "the owners and modes are still as they should be: \(fsck.output)")
        for daemon in ["intake", "scheduler", "sender", "dashboard", "writeback"] {
            #expect(Self.owner(spool + "/_daemons/" + daemon) == "\(prefix)-\(daemon)", "\(daemon) wrote its record as its own user")
            #expect(Self.owner(DaemonLock.path(spoolRoot: spool, daemon: daemon)) == "\(prefix)-\(daemon)", "\(daemon) made its lock as its own user")
        }
        let sent = try FileManager.default.contentsOfDirectory(atPath: spool + "/soak0/sent")
        #expect(!sent.isEmpty)
        for name in sent { #expect(Self.owner(spool + "/soak0/sent/" + name) == "\(prefix)-sender", "\(name)") }
        #expect(Self.owner(spool + "/soak0/chrome/Default") == "\(prefix)-sender", "Chromium ran as the sender")

        let tenant = spool + "/soak0"
        #expect(Self.shell(as: "\(prefix)-scheduler", "touch \(tenant)/incoming/1.json && rm \(tenant)/incoming/1.json"))
        #expect(!Self.shell(as: "\(prefix)-dashboard", "touch \(tenant)/incoming/1.json"), "the dashboard writes no order")
        #expect(!Self.shell(as: "\(prefix)-dashboard", "echo linked > \(tenant)/whatsapp/state"), "nor the sender's state")
        #expect(Self.shell(as: "\(prefix)-dashboard", "cat \(tenant)/sent/\(sent.first ?? "none") > /dev/null"), "but reads orders")
        #expect(Self.shell(as: "\(prefix)-sender", "ls \(tenant)/chrome > /dev/null"))
        #expect(!Self.shell(as: "\(prefix)-intake", "ls \(tenant)/chrome"), "only the sender enters a browser profile")
        #expect(!Self.shell(as: "\(prefix)-intake", "cat \(site)/etc/soak.token"), "nor reads the sender's token")
        #expect(!Self.shell(as: "nobody", group: "nogroup", "ls \(spool)"), "no one outside the daemons enters the spool")

        chmod(tenant + "/incoming", 0o777)
        chown(tenant + "/chrome", 0, 0)
        // As a root-run sender's browser leaves its profile (its own uid), with a link it planted to a file of root's.
        chown(tenant + "/chrome/Default", 1_900_000_001, 1_900_000_001)
        let planted = site + "/etc/planted"
        #expect(FileManager.default.createFile(atPath: planted, contents: nil))
        symlink(planted, tenant + "/chrome/Default/planted")
        // As a sender started by root before `users =` was set would have left it: the sender could not open it.
        let senderLock = DaemonLock.path(spoolRoot: spool, daemon: "sender")
        chown(senderLock, 0, 0)
        let tampered = try Wasp.run(["fsck", "--root", site])
        #expect(tampered.status == 1)
        #expect(tampered.output.contains("incoming is root:\(prefix)-queue 777"), "\(tampered.output)")
        #expect(tampered.output.contains("chrome is root:root 700"), "\(tampered.output)")
        #expect(tampered.output.contains("sender.lock is root:root 640"), "\(tampered.output)")
        #expect(try Wasp.run(["fsck", "--repair", "--root", site]).status == 0)
        #expect(Self.owner(tenant + "/chrome") == "\(prefix)-sender")
        #expect(Self.owner(tenant + "/chrome/Default") == "\(prefix)-sender", "the whole profile is the sender's again")
        #expect(Self.owner(planted) == "root", "the link is not followed")
        #expect(Self.owner(senderLock) == "\(prefix)-sender")
        try? FileManager.default.removeItem(atPath: site)
    }

    private static func owner(_ path: String) -> String? {
        var status = stat()
        guard lstat(path, &status) == 0, let entry = getpwuid(status.st_uid) else { return nil }
        return String(cString: entry.pointee.pw_name)
    }

    /// Runs `command` with `sh` as `user` with that user's groups: true when it succeeds.
    private static func shell(as user: String, group: String? = nil, _ command: String) -> Bool {
        run("/usr/bin/setpriv", ["--reuid=\(user)", "--regid=\(group ?? user)", "--init-groups", "--", "/bin/sh", "-c", "{ " + command + "; } 2>/dev/null"])
    }

    private static func removeAccounts(_ prefix: String) {
        for daemon in ["intake", "scheduler", "sender", "dashboard", "writeback"] { _ = run("/usr/sbin/userdel", ["\(prefix)-\(daemon)"]) }
        for group in [prefix, prefix + "-queue"] { _ = run("/usr/sbin/groupdel", [group]) }
    }

    private static func run(_ executable: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
