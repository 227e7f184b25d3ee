import Foundation

/// Threads that run handlers, started as requests need them up to `maxThreads` and then kept: a burst costs a
/// queue of complete requests, never an unbounded number of threads.
final class WorkerPool: @unchecked Sendable {
    private let maxThreads: Int
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var jobs: [@Sendable () -> Void] = []
    private var nextJob = 0
    private var idleThreads = 0
    private var threads = 0

    init(maxThreads: Int) {
        self.maxThreads = max(1, maxThreads)
    }

    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        if jobs.count - nextJob > idleThreads && threads < maxThreads {
            threads += 1
            let thread = Thread { [self] in work() }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while nextJob == jobs.count {
                idleThreads += 1
                condition.wait()
                idleThreads -= 1
            }
            let job = jobs[nextJob]
            nextJob += 1
            if nextJob == jobs.count || nextJob > 1024 {
                jobs.removeFirst(nextJob)
                nextJob = 0
            }
            condition.unlock()
            job()
        }
    }
}
