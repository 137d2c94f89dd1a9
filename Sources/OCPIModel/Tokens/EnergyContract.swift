// ocpi:draft: `EnergyContractDraft`, the form a request body takes, is generated from this type (Plugins/DraftGenerator).
/// The driver's own energy supplier, for chargers that can bill energy to it.
public struct EnergyContract: Codable, Sendable, Hashable {
    /// string(64).
    public var supplierName: String
    /// string(64): the contract at that supplier.
    public var contractID: String?

    public init(supplierName: String, contractID: String? = nil) {
        self.supplierName = supplierName
        self.contractID = contractID
    }

    enum CodingKeys: String, CodingKey {
        case supplierName = "supplier_name"
        case contractID = "contract_id"
    }
}
