import OCPIModel
import OCPIStorage
import PGClient

/// The modules this platform serves, built the same way by the executable and by the tests.
public enum ServerModules {
    public static func all(
        pool: PGPool, timeZones: TimeZoneResolver?, publicURL: String = "", locationChanges: any LocationChangeRecorder = NoLocationChangeRecorder()
    ) -> [any OCPIModule] {
        [
            LocationsModule(
                store: LocationStore(pool: pool), receiver: LocationReceiver(pool: pool, changes: locationChanges),
                timeZones: timeZones, publicURL: publicURL)
        ]
    }
}
