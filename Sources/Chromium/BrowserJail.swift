import Glibc

/// Where a browser runs: as `uid` (when started by root, a user of the tenant's own, 'wasp help production'), in a mount
/// namespace where each of `hidden` is an empty tmpfs and only the profile shows, at its usual path. posix_spawn
/// can change neither users nor namespaces, so `wasp` itself sets the jail up (`BrowserJail.main`, the hidden
/// command `wasp browser-jail`) and then execs Chromium: the browser keeps the pid we started.
public struct BrowserJail: Sendable, Equatable {
    public let uid: uid_t
    /// `etc/`, the spool and any directory above the profile that others may not enter (a `/root/wasp` checkout).
    public let hidden: [String]
    /// The `wasp` binary, which answers to `commandName`.
    public let launcher: String

    public static let commandName = "browser-jail"

    public init(uid: uid_t, hidden: [String], launcher: String) {
        self.uid = uid
        self.hidden = hidden
        self.launcher = launcher
    }

    /// The program to start and its arguments, for `executable arguments` on `profile` inside the jail.
    func command(executable: String, arguments: [String], profile: String) -> (program: String, arguments: [String]) {
        (launcher, [Self.commandName, String(uid), profile] + hidden.flatMap { ["--hide", $0] } + ["--", executable] + arguments)
    }
}
