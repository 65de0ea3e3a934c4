import NIOCore

extension Duration {
    /// The same span as NIO's `TimeAmount`: negative spans become zero and very long ones are capped at about
    /// 36 years, so a deadline computed from now cannot overflow.
    var timeAmount: TimeAmount {
        let cap: Int64 = 1 << 60
        let (seconds, attoseconds) = components
        guard seconds >= 0, attoseconds >= 0 || seconds > 0 else { return .zero }
        guard seconds < cap / 1_000_000_000 else { return .nanoseconds(cap) }
        return .nanoseconds(max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }
}
