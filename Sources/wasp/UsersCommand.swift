import Glibc
import Processes
import Spool

enum UsersCommand: Command {
    static let name = "users"
    static let summary = "the daemons' Unix users and groups ('users =' in wasp.conf); --create"
    static let help = """
    usage: wasp users [--create] [--root DIR]

    With 'users = PREFIX' in etc/wasp.conf each daemon runs as its own Unix user: PREFIX-intake,
    PREFIX-scheduler, PREFIX-sender, PREFIX-dashboard and PREFIX-writeback, all in the group PREFIX (may
    enter etc/ and the spool) and all but the dashboard in PREFIX-queue (may write orders). This lists
    them and what is missing; --create (as root) adds the missing ones as system accounts without a login
    shell, and the missing group memberships. Then 'wasp fsck --repair' gives the spool its owners.
    Exits 1 when something is missing (without --create) or cannot be made.
    """
    static let flags: Set<String> = ["create"]

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(0)
        guard let users = try arguments.waspConfig().users else {
            throw .failed("etc/wasp.conf has no 'users = PREFIX': every daemon runs as whoever starts it")
        }
        let create = arguments.flags.contains("create")
        var missing = 0
        for group in [users.readGroup, users.queueGroup] where getgrnam(group) == nil {
            missing += fix("group \(group) is missing", create ? ["/usr/sbin/groupadd", "--system", group] : nil)
        }
        for daemon in DaemonUsers.daemons {
            let user = users.user(daemon), groups = users.groups(of: daemon).joined(separator: ",")
            if getpwnam(user) == nil {
                missing += fix("user \(user) is missing", create ? ["/usr/sbin/useradd", "--system", "--user-group",
                    "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", "--groups", groups, user] : nil)
                continue
            }
            for group in users.groups(of: daemon) where !isMember(user, of: group) {
                missing += fix("user \(user) is not in group \(group)", create ? ["/usr/sbin/usermod", "--append", "--groups", group, user] : nil)
            }
            print("\(user): groups \(groups)")
        }
        return missing == 0 ? 0 : 1
    }

    /// Reports `problem`, runs `command` if given; returns 1 when the problem stays.
    private static func fix(_ problem: String, _ command: [String]?) -> Int {
        guard let command else {
            print(problem + "; 'wasp users --create' adds it")
            return 1
        }
        guard case .success(let pid) = Spawn.start(command[0], Array(command.dropFirst())),
              Spawn.waitForExit(pid).status == 0 else {
            print(problem + " and '\(command.joined(separator: " "))' failed")
            return 1
        }
        print(problem + ": added")
        return 0
    }

    private static func isMember(_ user: String, of group: String) -> Bool {
        guard let entry = getgrnam(group), var member = entry.pointee.gr_mem else { return false }
        while let name = member.pointee {
            if String(cString: name) == user { return true }
            member += 1
        }
        return false
    }
}
