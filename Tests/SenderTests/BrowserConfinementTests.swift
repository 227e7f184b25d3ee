import Chromium
import Foundation
import Glibc
import Processes
import Spool
import Testing
import TestSupport

/// The sender started by root, as `make run` does with `users` unset: every tenant's Chromium runs as a user of
/// its own, keeps its sandbox where this kernel lets an ordinary user make a user namespace, and sees only its
/// own profile; another tenant's profile is out of its reach by owner and by mount namespace alike.
@Suite struct BrowserConfinementTests {
    @Test func eachTenantsBrowserRunsAsItsOwnUserWithItsSandboxAndSeesOnlyItsProfile() throws {
        try #require(geteuid() == 0, "the default set-up runs the sender as root")
        let harness = try SenderHarness(tenants: ["shop", "other"])
        for tenant in ["shop", "other"] { try harness.spool.requestLink(TenantID(tenant)!) }
        try harness.scanWhenShown(tenants: ["shop", "other"])
        let shop = harness.spool.path(TenantID("shop")!, .chrome)
        let other = harness.spool.path(TenantID("other")!, .chrome)
        let shopProcesses = ProfileProcesses.all(shop)
        let otherProcesses = ProfileProcesses.all(other)
        try #require(!shopProcesses.isEmpty && !otherProcesses.isEmpty, "both browsers run")

        // ps: no process of either browser, helpers included, runs as root; each tenant's all run as one user.
        let shopUsers = Set(shopProcesses.compactMap(Self.uid(of:)))
        let otherUsers = Set(otherProcesses.compactMap(Self.uid(of:)))
        #expect(shopUsers.count == 1 && otherUsers.count == 1, "\(shopUsers) \(otherUsers)")
        #expect(!shopUsers.contains(0) && !otherUsers.contains(0))
        #expect(shopUsers.isDisjoint(with: otherUsers), "one user per tenant's browser")
        let shopUser = try #require(shopUsers.first)
        #expect(Self.owner(of: shop) == shopUser && Self.mode(of: shop) == 0o700)

        let browser = try #require(ProfileProcesses.browser(shop))
        let commandLine = ProcessTree.commandLine(browser) ?? ""
        if Self.userNamespacesWork() {
            #expect(!commandLine.contains("--no-sandbox"), "\(commandLine)")
        } else {
            #expect(commandLine.contains("--no-sandbox"))
            #expect(harness.log.filter { $0.contains("without its sandbox") }.count == 1)
        }

        // Inside the browser's mount namespace, as its user: its profile is there, nothing else of the root is.
        let inside = ["/usr/bin/nsenter", "--target", "\(browser)", "--mount"] + Self.asUser(shopUser)
        #expect(try Self.status(inside + ["/bin/ls", shop]) == 0, "a control: the browser's user reads its profile")
        #expect(try Self.status(inside + ["/bin/ls", other]) != 0)
        #expect(try Self.status(inside + ["/bin/ls", harness.root.path + "/etc/tenants"]) != 0)
        // Outside it, with the way to the spool open, the owner alone keeps the other tenant's profile shut.
        for directory in [harness.root.path, harness.root.spool, harness.spool.path(TenantID("shop")!),
                          harness.spool.path(TenantID("other")!)] {
            #expect(chmod(directory, (Self.mode(of: directory) ?? 0o700) | S_IXOTH) == 0)
        }
        #expect(try Self.status(Self.asUser(shopUser) + ["/bin/ls", shop]) == 0, "a control: the way is open")
        #expect(try Self.status(Self.asUser(shopUser) + ["/bin/ls", other]) != 0)
    }

    @Test func aProfileCopiedWithAnotherTenantsUserGetsAUserOfItsOwn() throws {
        try #require(geteuid() == 0, "the default set-up runs the sender as root")
        let harness = try SenderHarness(tenants: ["shop", "other"])
        try harness.link("shop")
        let shop = harness.spool.path(TenantID("shop")!, .chrome)
        let shopUser = try #require(Self.owner(of: shop))
        // As `rsync -a` from another host where this uid was the other tenant's would leave it.
        let other = harness.spool.path(TenantID("other")!, .chrome)
        mkdir(other, 0o700)
        #expect(chown(other, shopUser, shopUser) == 0)
        try harness.link("other")
        let otherUsers = Set(ProfileProcesses.all(other).compactMap(Self.uid(of:)))
        #expect(otherUsers.count == 1 && !otherUsers.contains(shopUser) && !otherUsers.contains(0), "\(otherUsers)")
        #expect(Self.owner(of: other) == otherUsers.first)
    }

    /// Whether an ordinary user may make a user namespace here, tried as `nobody`.
    static func userNamespacesWork() -> Bool {
        (try? status(asUser(65534) + ["/usr/bin/unshare", "--user", "/bin/true"])) == 0
    }

    static func asUser(_ uid: uid_t) -> [String] {
        ["/usr/bin/setpriv", "--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", "--"]
    }

    static func status(_ command: [String]) throws -> Int32 {
        try Spawn.output(of: command, withErrors: false).status
    }

    static func uid(of pid: pid_t) -> uid_t? {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("Uid:") }
        return line?.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap { uid_t($0) }
    }

    static func owner(of path: String) -> uid_t? {
        var status = stat()
        return stat(path, &status) == 0 ? status.st_uid : nil
    }

    static func mode(of path: String) -> mode_t? {
        var status = stat()
        return stat(path, &status) == 0 ? status.st_mode & 0o7777 : nil
    }
}
