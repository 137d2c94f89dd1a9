-- Coalescing looks up a peer's pending deliveries of one object; without this index each lookup scanned the peer's
-- whole backlog, which made draining a large backlog quadratic.
CREATE INDEX push_deliveries_pending_object ON push_deliveries (peer_id, object_key, id) WHERE state = 'pending';
