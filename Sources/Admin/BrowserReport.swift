import Chromium
import Foundation
import Processes
import Spool

/// `wasp status --browsers`: each tenant's running browser, from /proc alone (the file system and the process
/// table are all wasp shares): its pid, how long it has run, its memory (PSS of the browser and its helpers, so
/// shared pages are split, not counted twice) and the CPU it has used, and the sum.
public struct BrowserReport {
    let spool: Spool
    let tenants: [TenantID]

    public init(spool: Spool, tenants: [TenantID]) {
        self.spool = spool
        self.tenants = tenants
    }

    public func render(now: Date = Date()) -> String {
        var lines = ["tenant   browser      pid       up    PSS MiB   CPU s"]
        var totalKiB = 0, count = 0
        let running = ProfileProcesses.browsers(under: spool.root)
        for tenant in tenants {
            let profile = spool.path(tenant, .chrome)
            guard let pid = running.first(where: { ProfileProcesses.isOn($0.commandLine, profile: profile) })?.pid else { continue }
            let kib = ProcessTree.proportionalKiB(pid)
            let cpu = ProcessTree.members(pid).reduce(0.0) { $0 + ProcessTree.cpuSeconds(of: $1) }
            let up = ProcessTree.startTime(of: pid).map { Self.duration(now.timeIntervalSince($0)) } ?? "?"
            lines.append(tenant.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) + " running "
                         + [String(pid), up, String(kib / 1024), String(format: "%.1f", cpu)].map { $0.leftPadded(to: 9) }.joined())
            totalKiB += kib
            count += 1
        }
        lines.append("browsers: \(count) running, \(totalKiB / 1024) MiB in all")
        return lines.joined(separator: "\n") + "\n"
    }

    static func duration(_ seconds: TimeInterval) -> String {
        seconds < 120 ? "\(Int(seconds))s" : seconds < 7200 ? "\(Int(seconds / 60))m" : "\(Int(seconds / 3600))h"
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
