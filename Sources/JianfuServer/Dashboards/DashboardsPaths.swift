/// The dashboards pages' paths.
enum DashboardsPaths {
    static let dashboard = FixedPath("/dashboard")
    static let dashboardSchool = RecordPath("/dashboard/schools/:id")
    static let dashboardClass = RecordPath("/dashboard/classes/:id")
    static let halfMonthly = FixedPath("/dashboard/half-monthly")
}
