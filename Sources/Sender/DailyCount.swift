import Foundation
import Spool

/// Messages sent today by one tenant, in `whatsapp/sent-today` as `<yyyy-mm-dd> <count>` in the tenant's
/// timezone, so the daily cap survives a restart.
struct DailyCount {
    static let file = "sent-today"

    static func day(_ date: Date, in timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The start of the day after `date` in `timeZone`.
    static func nextDay(after date: Date, in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.startOfDay(for: date)
        return calendar.date(byAdding: .day, value: 1, to: start) ?? date.addingTimeInterval(86400)
    }

    static func sent(_ spool: Spool, _ tenant: TenantID, on date: Date, in timeZone: TimeZone) -> Int {
        guard let data = try? spool.read(file, tenant: tenant, in: .whatsapp) else { return 0 }
        let fields = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard fields.count == 2, fields[0] == day(date, in: timeZone) else { return 0 }
        return Int(fields[1]) ?? 0
    }

    static func record(_ spool: Spool, _ tenant: TenantID, on date: Date, in timeZone: TimeZone) throws(SpoolError) {
        // The file may have been edited or restored with any number in it; at Int.max the count stays there.
        let count = min(sent(spool, tenant, on: date, in: timeZone), Int.max - 1) + 1
        try spool.replace(file, tenant: tenant, in: .whatsapp, with: Data("\(day(date, in: timeZone)) \(count)\n".utf8),
                          modified: date)
    }
}
