import Foundation
import Glibc
import Processes

/// The Chromium processes running on a profile, found by the `--user-data-dir` on their command line: the
/// browser and every helper, ours or left behind by a killed sender.
public enum ProfileProcesses {
    public static func all(_ profile: String) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(pid_t.init).filter { runs($0, on: profile) }
    }

    /// The browser process itself (helpers carry a `--type=`).
    public static func browser(_ profile: String) -> pid_t? {
        all(profile).first { ProcessTree.commandLine($0)?.contains("--type=") == false }
    }

    /// Every browser process (not a helper) on a profile under `root`, with its command line, from one look at
    /// /proc: for all of a spool's tenants at once.
    public static func browsers(under root: String) -> [(pid: pid_t, commandLine: String)] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(pid_t.init).compactMap { pid in
            guard let line = ProcessTree.commandLine(pid), line.contains("--user-data-dir=" + root + "/"),
                  !line.contains("--type=") else { return nil }
            return (pid, line)
        }
    }

    /// Whether a command line is Chromium's on `profile`.
    public static func isOn(_ commandLine: String, profile: String) -> Bool {
        commandLine.contains("--user-data-dir=" + profile + " ")
    }

    static func runs(_ pid: pid_t, on profile: String) -> Bool {
        ProcessTree.commandLine(pid).map { isOn($0, profile: profile) } ?? false
    }
}
