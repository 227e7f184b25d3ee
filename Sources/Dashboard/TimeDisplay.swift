import Foundation
import Spool

/// Spool timestamps (UTC) as the merchant reads them: `2026-11-23 14:05` in the tenant's time zone.
struct TimeDisplay {
    private let formatter: DateFormatter

    init(timeZone: TimeZone) {
        formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
    }

    func show(_ timestamp: String?) -> String {
        guard let timestamp, let date = Timestamp.date(timestamp) else { return "" }
        return formatter.string(from: date)
    }
}
