import PGClient
import Testing
import TestSupport

/// Every parameter type the platform binds comes back from PostgreSQL unchanged.
@Suite(.timeLimit(.minutes(1)))
struct ParameterRoundTripTests {
    @Test func textKeepsQuotesBackslashesAndUnicode() async throws {
        try await TestDatabase.withPool { pool in
            let text = "O'Brien \"quoted\" back\\slash — Gran Vía ⚡️ 充电"
            let row = try await pool.query("SELECT \(text)::text").first!
            #expect(try row.decode(0, as: String.self) == text)
        }
    }

    @Test func integersKeepTheirFullRange() async throws {
        try await TestDatabase.withPool { pool in
            let row = try await pool.query("SELECT \(Int64.max)::int8, \(Int32.min)::int4, \(-42)::int8").first!
            #expect(try row.decode(0, as: Int64.self) == Int64.max)
            #expect(try row.decode(1, as: Int32.self) == Int32.min)
            #expect(try row.decode(2, as: Int.self) == -42)
        }
    }

    @Test func numericKeepsEveryDigit() async throws {
        try await TestDatabase.withPool { pool in
            let value = PGNumeric("12345678901234567890.123456789")
            let row = try await pool.query("SELECT \(value)::numeric, \(PGNumeric("52.52"))::numeric(9,6)").first!
            #expect(try row.decode(0, as: PGNumeric.self) == value)
            #expect(try row.decode(1, as: PGNumeric.self).text == "52.520000")
        }
    }

    @Test func booleansAndDoubles() async throws {
        try await TestDatabase.withPool { pool in
            let row = try await pool.query("SELECT \(true)::bool, \(false)::bool, \(0.1 + 0.2)::float8").first!
            #expect(try row.decode(0, as: Bool.self) == true)
            #expect(try row.decode(1, as: Bool.self) == false)
            #expect(try row.decode(2, as: Double.self) == 0.1 + 0.2)
        }
    }

    @Test func timestampsKeepMicroseconds() async throws {
        try await TestDatabase.withPool { pool in
            let instants: [PGTimestamp] = [
                PGTimestamp(microsecondsSinceEpoch: 1_704_067_200_123_456),  // 2024-01-01T00:00:00.123456Z
                PGTimestamp(microsecondsSinceEpoch: 0),
                PGTimestamp(microsecondsSinceEpoch: -1_500_000),  // before the epoch
                PGTimestamp(microsecondsSinceEpoch: 4_102_444_799_999_999),  // 2099-12-31T23:59:59.999999Z
            ]
            for instant in instants {
                let row = try await pool.query("SELECT \(instant)::timestamptz, extract(epoch FROM \(instant)::timestamptz)::text").first!
                #expect(try row.decode(0, as: PGTimestamp.self) == instant)
                let seconds = try row.decode(1, as: String.self)
                #expect(Double(seconds)! * 1_000_000 == Double(instant.microsecondsSinceEpoch))
            }
        }
    }

    @Test func timestampsWrittenWithAnOffsetReadBackInUTC() async throws {
        try await TestDatabase.withPool { pool in
            let row = try await pool.query("SELECT '2024-06-01 12:00:00+02'::timestamptz").first!
            #expect(try row.decode(0, as: PGTimestamp.self).pgText == "2024-06-01T10:00:00.000000Z")
        }
    }

    @Test func jsonbComesBackAsEquivalentJSON() async throws {
        try await TestDatabase.withPool { pool in
            let json = PGJSON(#"{"is_green_energy": true, "energy_sources": [{"source": "SOLAR", "percentage": 60}]}"#)
            let row = try await pool.query("SELECT \(json)::jsonb, (\(json)::jsonb -> 'energy_sources' -> 0 ->> 'percentage')::int").first!
            #expect(try row.decode(0, as: PGJSON.self).text == #"{"energy_sources": [{"source": "SOLAR", "percentage": 60}], "is_green_energy": true}"#)
            #expect(try row.decode(1, as: Int.self) == 60)
        }
    }

    @Test func nullBindsAndDecodesAsNil() async throws {
        try await TestDatabase.withPool { pool in
            let missing: String? = nil
            let row = try await pool.query("SELECT \(missing)::text, \(missing)::text IS NULL, \(Optional("x"))::text").first!
            #expect(try row.decode(0, as: String?.self) == nil)
            #expect(try row.decode(1, as: Bool.self) == true)
            #expect(try row.decode(2, as: String?.self) == "x")
            #expect(throws: PGError.self) { try row.decode(0, as: String.self) }
        }
    }

    @Test func byteaAndTextArrays() async throws {
        try await TestDatabase.withPool { pool in
            let bytes = PGBytes([0, 1, 127, 128, 255])
            let list = ["TARIFF001", "with,comma", "with \"quote\"", "back\\slash", ""]
            let row = try await pool.query("SELECT \(bytes)::bytea, \(list)::text[], cardinality(\(list)::text[])").first!
            #expect(try row.decode(0, as: PGBytes.self) == bytes)
            #expect(try row.decode(1, as: [String].self) == list)
            #expect(try row.decode(2, as: Int.self) == list.count)
        }
    }

    @Test func interpolatedValuesAreNeverSQL() async throws {
        try await TestDatabase.withPool { pool in
            let hostile = "x'); DROP TABLE tenants; --"
            let row = try await pool.query("SELECT \(hostile)::text, to_regclass('tenants') IS NOT NULL").first!
            #expect(try row.decode(0, as: String.self) == hostile)
            #expect(try row.decode(1, as: Bool.self) == true)
        }
    }
}
