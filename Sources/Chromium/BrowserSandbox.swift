import Foundation
import Glibc
import Processes

/// Whether Chromium's own sandbox can work here. Debian's Chromium has no setuid helper: its sandbox needs user
/// namespaces that an ordinary user may create, which a kernel setting, an AppArmor policy or a container's
/// seccomp filter can forbid. The only sure test is to try, as the user the browser will run as.
public enum BrowserSandbox {
    static let unshare = "/usr/bin/unshare"

    /// Nil when a user namespace can be made as the browser's user (in `jail` on `profile`, or as we are), else why not.
    public static func unavailability(jail: BrowserJail?, profile: String) -> String? {
        guard access(unshare, X_OK) == 0 else { return "\(unshare) (util-linux) is missing, so user namespaces cannot be tried" }
        let arguments = ["--user", "/bin/true"]
        let command: (program: String, arguments: [String]) =
            jail?.command(executable: unshare, arguments: arguments, profile: profile) ?? (unshare, arguments)
        let devNull = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer { if devNull >= 0 { close(devNull) } }
        switch Spawn.start(command.program, command.arguments, stderr: devNull >= 0 ? devNull : nil) {
        case .failure(let error): return "cannot try a user namespace: \(error)"
        case .success(let pid):
            if case .code(0) = Spawn.waitForExit(pid) { return nil }
            return "user namespaces are refused to ordinary users (" + refusingSetting() + ")"
        }
    }

    /// The setting that forbids them, where one does; else the likely cause.
    private static func refusingSetting() -> String {
        let settings = [("kernel/unprivileged_userns_clone", "0"), ("user/max_user_namespaces", "0"),
                        ("kernel/apparmor_restrict_unprivileged_userns", "1")]
        for (name, refusing) in settings {
            let value = (try? String(contentsOfFile: "/proc/sys/" + name, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            if value == refusing { return name.replacingOccurrences(of: "/", with: ".") + " = " + refusing }
        }
        return "no sysctl says so: a container's seccomp filter or a security module"
    }
}
