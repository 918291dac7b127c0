/// The training register's pages, and the public lists (no sign-in).
enum TrainingPaths {
    static let index = FixedPath("/training")
    static let institutions = FixedPath("/training/institutions")
    static let institution = RecordPath("/training/institutions/:id")
    static let events = RecordPath("/training/institutions/:id/events")
    static let listing = RecordPath("/training/institutions/:id/listing")
    static let courses = RecordPath("/training/institutions/:id/courses")
    static let prices = FixedPath("/training/prices")
    static let complaints = FixedPath("/training/complaints")
    static let complaint = RecordPath("/training/complaints/:id")
    static let findings = RecordPath("/training/courses/:id/findings")
    static let order = RecordPath("/training/orders/:id")
    static let publicList = FixedPath("/public/training")
    static let publicComplaints = FixedPath("/public/training/complaints")
    static let publicComplaintStatus = FixedPath("/public/training/complaints/status")
    static let publicCSV = FixedPath("/public/training.csv")
}
