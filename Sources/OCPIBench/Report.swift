#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation

/// The benchmark's report, as Markdown: every service figure next to pgbench's for the same SQL, and the ratio.
struct Report {
    var rows: [LoadPair]
    /// Pricing a 24-period session in the process: microseconds per pricing, and the price it came to.
    var pricing: (micros: Double, total: String)
    /// The service's HTTP path with no SQL at all (`GET /ocpi/versions`), the median of its rounds.
    var noSQL: LoadResult
    /// Authorizations asked of a loopback EMSP in real time (`NEVER` tokens), the median of its rounds.
    var realTimeAuthorize: LoadResult
    var delay: (p50: Double, p99: Double, lost: Int)
    var pushOne: (perSecond: Double, delivered: Int)
    var pushTen: (perSecond: Double, delivered: Int)
    var peakRSSKiB: Int
    var seedTime: Duration
    var locations: Int
    var duration: Int
    var connections: Int
    var repeats: Int

    func markdown() -> String {
        func f(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
        var text = """
            ## Benchmark, \(Self.timestamp())

            Machine: \(Self.machine()). \(locations) locations (2 EVSEs x 2 connectors, realistic fields) across 3 tenants, \
            seeded through the receiver in \(f(Double(seedTime.components.seconds) + Double(seedTime.components.attoseconds) / 1e18)) s. \
            Each load: \(repeats) rounds of \(connections) connections for \(duration) s, each round `wrk` against the service \
            (release build) and then `pgbench -M prepared` running the statements the service sends for that request, on the same \
            machine. Each row is the round with the median ratio; the range is the lowest and highest ratio of the rounds.

            | load | service req/s | service p50 / p99 ms | pgbench tx/s | pgbench p50 / p99 ms | service / pgbench | range | errors |
            | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |

            """
        for load in rows {
            let (service, database) = load.median
            text += "| \(load.name) | \(f(service.perSecond)) | \(f(service.p50, 2)) / \(f(service.p99, 2)) | \(f(database.perSecond)) | "
            text += "\(f(database.p50, 2)) / \(f(database.p99, 2)) | \(f(load.ratio(load.median), 2)) | "
            text += "\(f(load.ratios.first ?? 0, 2))–\(f(load.ratios.last ?? 0, 2)) | \(load.errors) |\n"
        }
        let single = rows.first { $0.name == "GET /locations/{id}" }?.median.database.perSecond ?? 0
        let first = rows.first { $0.name == "GET /locations?limit=100" }?.median.service.perSecond ?? 0
        let deep = rows.first { $0.name.hasPrefix("GET /locations?limit=100&offset") && !$0.name.hasSuffix("by Link") }?.median.service.perSecond ?? 0
        let keyed = rows.first { $0.name.hasSuffix("by Link") }?.median.service.perSecond ?? 0
        text += """

            - Without SQL: `GET /ocpi/versions`, same peer and token, median of \(repeats) rounds, runs at \(f(noSQL.perSecond)) req/s (p50 \(f(noSQL.p50, 2)) ms, \
            p99 \(f(noSQL.p99, 2)) ms, \(noSQL.errors) errors): \(f(single > 0 ? noSQL.perSecond / single : 0, 2)) of pgbench's rate for \
            `GET /locations/{id}`. No read through HTTP can do better here, so this is the ceiling of that line's ratio.
            - Deep page cost: the first page runs at \(f(first)) req/s and the deep page at \(f(deep)) req/s: \
            the deep page costs \(f(deep > 0 ? first / deep : 0, 2))x the first (aim: at most 1.5x). Reached by following \
            `Link` (by key) it runs at \(f(keyed)) req/s: \(f(keyed > 0 ? first / keyed : 0, 2))x the first (aim: 1x).
            - Real-time authorize: a back-office's `POST …/tokens/{uid}/authorize` of a `NEVER` token, asked of a loopback \
            EMSP (its answer made without I/O) and recorded, median of \(repeats) rounds: \(f(realTimeAuthorize.perSecond)) req/s, \
            p50 \(f(realTimeAuthorize.p50, 2)) ms, p99 \(f(realTimeAuthorize.p99, 2)) ms, \(realTimeAuthorize.errors) errors.
            - Push delay, committed EVSE PATCH to arrival at a loopback EMSP (300 PATCHes, measured from the PATCH's answer): \
            p50 \(f(delay.p50, 2)) ms, p99 \(f(delay.p99, 2)) ms\(delay.lost > 0 ? ", \(delay.lost) not arrived" : "").
            - Push worker throughput: \(f(pushOne.perSecond)) deliveries/s to one peer (\(pushOne.delivered) delivered), \
            \(f(pushTen.perSecond)) deliveries/s to ten peers (\(pushTen.delivered) delivered).
            - Pricing a 24-period session (the tariff of `PUT tariff`: start fee, day and night energy, charging time after \
            two hours, parking, limits) in the process, no HTTP or SQL: \(f(pricing.micros, 1)) µs per session, median of 5 \
            batches (it came to \(pricing.total)). `POST tariff price` above is the same through HTTP, against reading the \
            tariff's document.
            - Peak resident memory of the service during the run: \(peakRSSKiB / 1024) MiB.

            """
        return text
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date())
    }

    static func machine() -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores (\(cpu)), \(ProcessInfo.processInfo.physicalMemory >> 30) GiB"
    }
}
