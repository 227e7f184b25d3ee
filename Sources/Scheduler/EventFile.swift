import Foundation

/// What `wasp fsck` needs to know of the scheduler's rules.
public enum EventFile {
    /// Why an event file cannot be applied; nil when it can.
    public static func problem(in data: Data) -> String? {
        if case .failure(let error) = ShopifyEvent.parse(data) { return error.description }
        return nil
    }
}
