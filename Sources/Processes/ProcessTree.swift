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

    /// Whether `pid` runs `<program> <command> ...` (a wasp daemon, `wasp up`): a pid can be reused after a crash.
    public static func runs(_ pid: pid_t, command: String) -> Bool {
        guard let words = commandLine(pid)?.split(separator: " ") else { return false }
        return words.count > 1 && words[1] == command
    }

    /// The state letter of /proc/PID/stat (R running, S sleeping, T stopped, Z zombie ...); nil once it is gone.
    public static func state(_ pid: pid_t) -> Character? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")"), stat.distance(from: close, to: stat.endIndex) > 2 else { return nil }
        return stat[stat.index(close, offsetBy: 2)]
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

    /// When a process was started (exec'd), to 10 ms: its start in clock ticks after boot, against the uptime
    /// (the boot time in /proc/stat is only to the second).
    public static func startTime(of pid: pid_t) -> Date? {
        guard let fields = statFields(of: pid), fields.count > 19, let ticks = Double(fields[19]),
              let uptime = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
              let secondsSinceBoot = uptime.split(separator: " ").first.flatMap({ Double($0) }) else { return nil }
        return Date().addingTimeInterval(ticks / Double(sysconf(Int32(_SC_CLK_TCK))) - secondsSinceBoot)
    }

    /// CPU time (user + system) a process has used, in seconds.
    public static func cpuSeconds(of pid: pid_t) -> Double {
        guard let fields = statFields(of: pid), fields.count > 12, let user = Double(fields[11]),
              let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private static func parentID(of pid: pid_t) -> pid_t? {
        guard let fields = statFields(of: pid), fields.count > 1 else { return nil }
        return pid_t(fields[1])
    }

    /// The fields of /proc/<pid>/stat after the command name (which may hold spaces): field 3 of proc(5) first.
    private static func statFields(of pid: pid_t) -> [Substring]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let afterName = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: afterName)...].split(separator: " ")
    }
}
