import Glibc

/// Seconds on CLOCK_MONOTONIC, immune to wall-clock jumps; deadlines are measured on it.
enum MonotonicClock {
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
