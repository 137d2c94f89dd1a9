import ArgumentParser
import Hummingbird

/// `ocpi-cpo`: the multi-tenant OCPI CPO platform.
@main
struct App: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocpi-cpo",
        abstract: "A multi-tenant OCPI 2.2.1 / 2.3.0 CPO platform on PostgreSQL.",
        subcommands: [Serve.self, Migrate.self],
        defaultSubcommand: Serve.self
    )
}

/// Applies the schema migrations, then serves HTTP until SIGTERM or SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Migrate the schema, then serve OCPI over HTTP.")

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let configuration = try ServiceConfiguration(options: options)
        let app = try await buildApplication(configuration)
        try await app.runService()
    }
}

/// Applies the schema migrations and exits (for `make migrate` and deploy pipelines).
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending schema migrations and exit.")

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let configuration = try ServiceConfiguration(options: options)
        try await migrateOnly(configuration)
    }
}
