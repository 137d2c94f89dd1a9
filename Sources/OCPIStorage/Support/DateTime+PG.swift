import OCPIModel
import PGClient

/// OCPI DateTimes travel to and from `timestamptz` through PostgreSQL's microsecond form; OCPI values are whole
/// milliseconds, so nothing is lost either way.
extension DateTime: PGEncodable, PGDecodable {
    public var pgText: String? {
        PGTimestamp(microsecondsSinceEpoch: millisecondsSinceEpoch * 1000).pgText
    }

    public init(pgText: String) throws(PGDecodingFailure) {
        let timestamp = try PGTimestamp(pgText: pgText)
        let (milliseconds, remainder) = timestamp.microsecondsSinceEpoch.quotientAndRemainder(dividingBy: 1000)
        self.init(millisecondsSinceEpoch: remainder < 0 ? milliseconds - 1 : milliseconds)
    }
}
