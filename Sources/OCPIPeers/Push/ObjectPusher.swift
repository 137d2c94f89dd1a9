import OCPIModel
import OCPIStorage

/// Pushes one module's objects to a peer's Receiver. The worker, queues, back-off and resync are shared; a module
/// that pushes (Tariffs, Sessions, CDRs later) adds its events through `ocpi_record_change()` and one conformance
/// to this protocol.
public protocol ObjectPusher: Sendable {
    var module: ModuleID { get }
    /// Delivers the object as it is now, at the peer's Receiver `receiverURL`; throws `PeerCallError`.
    func deliver(_ delivery: PushDelivery, to target: PushTarget, receiverURL: String) async throws
}
