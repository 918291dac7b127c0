/// The policy pages' paths.
enum PolicyPaths {
    static let policy = FixedPath("/policy")
}
