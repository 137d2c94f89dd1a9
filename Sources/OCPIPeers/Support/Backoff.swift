import OCPIStorage

/// Exponential back-off with up to 25% jitter, so that peers failing together do not retry in step.
enum Backoff {
    /// `first`, doubled `step` times, at most `cap`; then up to a quarter more.
    static func delay(step: Int, first: Duration, cap: Duration) -> Duration {
        let base = min(cap.seconds, first.seconds * Double(1 << min(max(step, 0), 20)))
        return .milliseconds(Int64(base * 1000 * Double.random(in: 1.0...1.25)))
    }
}
