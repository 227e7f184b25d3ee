import Foundation
import Spool

/// A file waiting in `incoming/` or `deferred/`, by where it is.
public struct WaitingFile: Hashable, Sendable {
    public let tenant: TenantID
    public let directory: SpoolDirectory
    public let name: String

    public init(tenant: TenantID, directory: SpoolDirectory, name: String) {
        self.tenant = tenant
        self.directory = directory
        self.name = name
    }
}

/// The waiting files by due time: a binary min-heap, with a table of each file's current due time so that
/// rescheduling a file just pushes it again and the stale entry is skipped when it surfaces.
public struct DueQueue: Sendable {
    private struct Entry: Sendable {
        let due: Date
        let file: WaitingFile
    }

    private var heap: [Entry] = []
    private var current: [WaitingFile: Date] = [:]

    public init() {}

    public var count: Int { current.count }
    public var nextDue: Date? {
        mutating get {
            dropStale()
            return heap.first?.due
        }
    }

    /// Schedules `file` at `due`, replacing any earlier time it had.
    public mutating func schedule(_ file: WaitingFile, at due: Date) {
        if current[file] == due { return }
        current[file] = due
        heap.append(Entry(due: due, file: file))
        siftUp(heap.count - 1)
    }

    public mutating func forget(_ file: WaitingFile) {
        current[file] = nil
    }

    /// Removes and returns the earliest file due at or before `now`.
    public mutating func popDue(now: Date) -> WaitingFile? {
        dropStale()
        guard let first = heap.first, first.due <= now else { return nil }
        removeFirst()
        current[first.file] = nil
        return first.file
    }

    private mutating func dropStale() {
        while let first = heap.first, current[first.file] != first.due { removeFirst() }
    }

    private mutating func removeFirst() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].due < heap[parent].due else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && heap[left].due < heap[smallest].due { smallest = left }
            if right < heap.count && heap[right].due < heap[smallest].due { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
