/// The accounts pages' paths.
enum AccountsPaths {
    static let signIn = FixedPath("/sign-in")
    static let signOut = FixedPath("/sign-out")
    static let language = FixedPath("/language")
    static let accountPassword = FixedPath("/account/password")
}
