/// Every object module the platform serves: the one list the executable, the pushers, the migrations' module
/// table and the shared behaviour tests follow. Adding a module is one line here.
public enum DataModules {
    public static let all: [any DataModule.Type] = [Locations.self, Tariffs.self, Sessions.self, CDRs.self]
}
