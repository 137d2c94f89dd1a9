import Hummingbird
import Logging
import PGClient

/// `GET /health` for load balancers: 200 when the database answers, 503 otherwise. No token needed; reveals
/// nothing but up or down.
struct HealthController {
    struct Status: Encodable, Sendable {
        var status: String
        var database: String
    }

    let pool: PGPool

    func register(on router: Router<OCPIRequestContext>) {
        router.get("health") { _, context in
            do {
                try await pool.query("SELECT 1")
                return try OCPIEnvelope.ok(Status(status: "ok", database: "ok"))
            } catch {
                context.logger.warning("health check failed", metadata: ["error": .string("\(error)")])
                throw OCPIError.unavailable
            }
        }
    }
}
