import Foundation
import Glibc

/// What /proc says about a process and its descendants (Chromium is a browser process plus a dozen children).
public enum ProcessTree {
    /// `pid` and every process below it.
    public static func members(_ pid: pid_t) -> [pid_t] {
        var children: [pid_t: [pid_t]] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let child = pid_t(entry), let parent = parentID(of: child) else { continue }
            children[parent, default: []].append(child)
        }
        var found = [pid]
        var index = 0
        while index < found.count {
            found += children[found[index]] ?? []
            index += 1
        }
        return found
    }

    /// Proportional set size of the whole tree in KiB: shared pages are split between the processes sharing
    /// them, so the sum is what the tree really costs (a sum of RSS counts shared libraries many times).
    public static func proportionalKiB(_ pid: pid_t) -> Int {
        members(pid).reduce(0) { total, member in
            let rollup = (try? String(contentsOfFile: "/proc/\(member)/smaps_rollup", encoding: .utf8)) ?? ""
            let line = rollup.split(separator: "\n").first { $0.hasPrefix("Pss:") } ?? ""
            return total + (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0)
        }
    }

    /// The command line of a running process, its words joined by spaces (Chromium's helpers rewrite theirs
    /// into one string anyway), or nil when there is no such process.
    public static func commandLine(_ pid: pid_t) -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else { return nil }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
    }

    private static func parentID(of pid: pid_t) -> pid_t? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let afterName = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: afterName)...].split(separator: " ")
        return fields.count > 1 ? pid_t(fields[1]) : nil
    }
}
