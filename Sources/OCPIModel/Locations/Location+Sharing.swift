extension Location {
    /// Whether peers may read this location: published, or restricted to named token holders (the EMSP enforces
    /// the restriction). The same rule as the `locations.shared` column, so that what a peer is pushed and what it
    /// may read by GET never differ.
    public var isShared: Bool {
        publish || !(publishAllowedTo ?? []).isEmpty
    }
}
