import Foundation
import Glibc

/// `users = PREFIX` in `etc/wasp.conf`: each daemon runs as its own Unix user, `PREFIX-<daemon>`, like Postfix's
/// daemons. All of them are in the group `PREFIX`, which alone may enter `etc/` and the spool; the ones that move
/// orders (intake, scheduler, sender, writeback) are also in `PREFIX-queue`, which alone may write the order
/// directories. So a dashboard taken over can read orders but not write one, and no daemon but the sender can
/// enter a browser profile. `SpoolOwnership` says who owns what; `make install` creates the users.
public struct DaemonUsers: Sendable, Equatable {
    public let prefix: String
    public static let daemons = ["intake", "scheduler", "sender", "dashboard", "writeback"]
    /// The daemons that write orders; the dashboard only reads them.
    public static let queueWriters: Set<String> = ["intake", "scheduler", "sender", "writeback"]

    public init(prefix: String) {
        self.prefix = prefix
    }

    public func user(_ daemon: String) -> String { prefix + "-" + daemon }
    /// Every daemon's group: may enter `etc/` and the spool and read what is there.
    public var readGroup: String { prefix }
    /// The order writers' group: owns the order directories.
    public var queueGroup: String { prefix + "-queue" }

    /// The groups `daemon` belongs to beyond its own.
    public func groups(of daemon: String) -> [String] {
        DaemonUsers.queueWriters.contains(daemon) ? [readGroup, queueGroup] : [readGroup]
    }

    /// Makes this process `daemon`'s user: a daemon started by root switches to it before it touches a file;
    /// one started by another user refuses, since every file it would write would have the wrong owner.
    public func become(_ daemon: String) throws(DaemonUserError) {
        let name = user(daemon)
        let account = try Account.user(name)
        umask(0o022)
        if geteuid() != 0 {
            guard geteuid() == account.uid else {
                let current = getpwuid(geteuid()).map { String(cString: $0.pointee.pw_name) } ?? "uid \(geteuid())"
                throw DaemonUserError("users = \(prefix): wasp \(daemon) runs as \(name), not as \(current); start it as root (it switches to \(name)) or as \(name)")
            }
            return
        }
        var groups = [account.gid]
        for group in self.groups(of: daemon) { groups.append(try Account.group(group)) }
        guard setgroups(groups.count, groups) == 0, setgid(account.gid) == 0, setuid(account.uid) == 0 else {
            throw DaemonUserError("cannot become \(name): \(String(cString: strerror(errno)))")
        }
        // Chromium and libraries look for a home; the nologin account's is usually one that does not exist.
        setenv("HOME", account.home, 1)
    }
}

/// A user's or group's ids, from the passwd and group databases.
public struct Account: Sendable {
    public let uid: uid_t
    public let gid: gid_t
    public let home: String

    public static func user(_ name: String) throws(DaemonUserError) -> Account {
        guard let entry = getpwnam(name) else {
            throw DaemonUserError("there is no user \(name); 'make install' creates the daemons' users (see README, Production)")
        }
        return Account(uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid, home: String(cString: entry.pointee.pw_dir))
    }

    public static func group(_ name: String) throws(DaemonUserError) -> gid_t {
        guard let entry = getgrnam(name) else {
            throw DaemonUserError("there is no group \(name); 'make install' creates the daemons' groups (see README, Production)")
        }
        return entry.pointee.gr_gid
    }
}

public struct DaemonUserError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
