import PGClient

extension TokenAuthenticator {
    /// The channel the token triggers notify on (migrations): any change that can withdraw access.
    public static let invalidationChannel = "ocpi_tokens_changed"

    /// Keeps the cache in step with a `PGListener` on `invalidationChannel`: cache while it is connected, drop
    /// everything on a notification or a disconnect, and count its heartbeats as confirmation. Other channels'
    /// notifications are ignored.
    public func follow(_ event: PGListener.Event) {
        switch event {
        case .connected: setCaching(enabled: true)
        case .disconnected: setCaching(enabled: false)
        case .confirmed(let instant): listenerConfirmed(asOf: instant)
        case .notification(let notification) where notification.channel == Self.invalidationChannel: invalidate()
        case .notification: break
        }
    }
}
