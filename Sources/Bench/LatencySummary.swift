import Foundation

/// Percentiles of a set of latencies, printed in milliseconds.
struct LatencySummary {
    let sorted: [Double]

    init(_ seconds: [Double]) {
        sorted = seconds.sorted()
    }

    func percentile(_ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }

    var line: String {
        String(format: "p50 %.2f ms, p99 %.2f ms, max %.2f ms", percentile(0.5) * 1000, percentile(0.99) * 1000,
               (sorted.last ?? 0) * 1000)
    }

    /// The same in seconds, for latencies of seconds.
    var secondsLine: String {
        String(format: "p50 %.2f s, p99 %.2f s, max %.2f s", percentile(0.5), percentile(0.99), sorted.last ?? 0)
    }
}
