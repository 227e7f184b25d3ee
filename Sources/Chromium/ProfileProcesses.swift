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

    static func runs(_ pid: pid_t, on profile: String) -> Bool {
        ProcessTree.commandLine(pid)?.contains("--user-data-dir=" + profile + " ") ?? false
    }
}
