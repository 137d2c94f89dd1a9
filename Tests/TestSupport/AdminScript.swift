
/// Runs a script from `sql/admin/` through `psql`, exactly as an operator would.
public struct AdminScript {
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// The last non-empty line of standard output: the issued token, for scripts that issue one.
        public var lastLine: String? { stdout.split(separator: "\n").last.map(String.init) }
        public var succeeded: Bool { status == 0 }
    }

    public static func run(_ name: String, _ variables: [String: String] = [:], url: String = TestDatabase.url) throws -> Outcome {
        var arguments = ["psql", url, "-At"]
        for (key, value) in variables.sorted(by: { $0.key < $1.key }) {
            arguments += ["-v", "\(key)=\(value)"]
        }
        arguments += ["-f", TestDatabase.repositoryRoot + "/sql/admin/\(name).sql"]
        let outcome = try Subprocess.run(arguments)
        return Outcome(status: outcome.status, stdout: outcome.stdout, stderr: outcome.stderr)
    }
}
