/// One load measured several times, each round a `wrk` run against the service followed at once by a `pgbench` run
/// of the same SQL. The machine is shared, and its load drifts within seconds: rounds interleave the two sides, and
/// the report gives the round with the median ratio and the spread of the ratios.
struct LoadPair: Sendable {
    var name: String
    var rounds: [(service: LoadResult, database: LoadResult)]

    func ratio(_ round: (service: LoadResult, database: LoadResult)) -> Double {
        round.database.perSecond > 0 ? round.service.perSecond / round.database.perSecond : 0
    }

    /// The round whose ratio is the median (the lower middle one for an even count).
    var median: (service: LoadResult, database: LoadResult) {
        let sorted = rounds.sorted { ratio($0) < ratio($1) }
        return sorted[(sorted.count - 1) / 2]
    }

    var ratios: [Double] { rounds.map(ratio).sorted() }

    var errors: Int { rounds.reduce(0) { $0 + $1.service.errors + $1.database.errors } }
}
