import TestSupport

#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation

/// One measured load: throughput and latency percentiles.
struct LoadResult: Sendable {
    var name: String
    var perSecond: Double
    var p50: Double  // milliseconds
    var p99: Double
    var errors: Int
}

/// Runs `wrk` against the service and `pgbench` against PostgreSQL with the same clients and duration.
struct LoadRunner {
    let baseURL: String
    let databaseURL: String
    let duration: Int
    let connections: Int
    let workDirectory: String
    let pgbench: String

    /// A file name for a load's name (`GET /locations/{id}` → `get-locations-id`).
    static func slug(_ name: String) -> String {
        var slug = ""
        for character in name.lowercased() {
            if character.isLetter || character.isNumber { slug.append(character) } else if slug.last != "-" { slug.append("-") }
        }
        return slug.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    func write(_ text: String, to name: String) throws -> String {
        let path = workDirectory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func wrk(_ name: String, script: String) throws -> LoadResult {
        let file = Self.slug(name)
        let path = try write(script, to: file + ".lua")
        let outcome = try Subprocess.run([
            "wrk", "-t", "2", "-c", String(connections), "-d", "\(duration)s", "--timeout", "10s", "--latency", "-s", path, baseURL,
        ])
        guard outcome.status == 0 else { throw BenchError("wrk failed: \(outcome.stderr)") }
        try outcome.stdout.write(toFile: workDirectory + "/" + file + ".wrk.txt", atomically: true, encoding: .utf8)
        return LoadResult(
            name: name,
            perSecond: Self.number(after: "Requests/sec:", in: outcome.stdout) ?? 0,
            p50: Self.latency("50%", in: outcome.stdout) ?? 0,
            p99: Self.latency("99%", in: outcome.stdout) ?? 0,
            errors: Int(Self.number(after: "Non-2xx or 3xx responses:", in: outcome.stdout) ?? 0)
                + Int(Self.number(after: "Socket errors:", in: outcome.stdout) ?? 0))
    }

    func pgbench(_ name: String, script: String, prepared: Bool = true) throws -> LoadResult {
        let file = Self.slug(name)
        let path = try write(script, to: file + ".pgbench.sql")
        let logs = workDirectory + "/" + file + ".pgbench"
        let outcome = try Subprocess.run([
            pgbench, "-n", "-M", prepared ? "prepared" : "simple", "-c", String(connections), "-j", "2", "-T", String(duration),
            "-f", path, "-l", "--log-prefix", logs, databaseURL,
        ])
        guard outcome.status == 0 else { throw BenchError("pgbench failed: \(outcome.stderr)\(outcome.stdout)") }
        try outcome.stdout.write(toFile: logs + ".txt", atomically: true, encoding: .utf8)
        var latencies: [Double] = []
        let files = try FileManager.default.contentsOfDirectory(atPath: workDirectory).filter { $0.hasPrefix(file + ".pgbench.") && !$0.hasSuffix(".sql") && !$0.hasSuffix(".txt") }
        for file in files {
            let text = try String(contentsOfFile: workDirectory + "/" + file, encoding: .utf8)
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: " ")
                if fields.count >= 3, let micros = Double(fields[2]) { latencies.append(micros / 1000) }
            }
            try? FileManager.default.removeItem(atPath: workDirectory + "/" + file)
        }
        latencies.sort()
        let failed = Int(Self.number(after: "number of failed transactions:", in: outcome.stdout) ?? 0)
        return LoadResult(
            name: name,
            perSecond: Self.number(after: "tps =", in: outcome.stdout) ?? 0,
            p50: Self.percentile(latencies, 0.50), p99: Self.percentile(latencies, 0.99), errors: failed)
    }

    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }

    /// The first number after `label` in `text`.
    static func number(after label: String, in text: String) -> Double? {
        guard let range = text.range(of: label) else { return nil }
        let rest = text[range.upperBound...].drop { $0 == " " || $0 == "\t" }
        return Double(rest.prefix { $0.isNumber || $0 == "." })
    }

    /// A wrk latency line (`99%    2.34ms`) in milliseconds.
    static func latency(_ label: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.trimmingCharacters(in: .whitespaces).hasPrefix(label) {
            let value = line.split(separator: " ", omittingEmptySubsequences: true).last.map(String.init) ?? ""
            let digits = Double(value.prefix { $0.isNumber || $0 == "." }) ?? 0
            if value.hasSuffix("us") { return digits / 1000 }
            if value.hasSuffix("ms") { return digits }
            if value.hasSuffix("s") { return digits * 1000 }
        }
        return nil
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
