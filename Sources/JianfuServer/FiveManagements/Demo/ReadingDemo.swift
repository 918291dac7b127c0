import Fluent
import Foundation
import JianfuCore

/// The demo's reading lists: 第一实验小学's and 第一中学's, each title reviewed against every standard, and one of the
/// primary school's struck by the bureau with its reason.
enum ReadingDemo {
    static func seed(_ district: District, today: LocalDate, on db: any Database) async throws {
        let schools = try await School.query(on: db).filter(\.$districtId == district.id!).all()
        let bureau = try await AfterSchoolDemo.bureauAdmin(district.id!, on: db)
        let standards = String(decoding: try JSONEncoder().encode(["主题鲜明", "内容积极", "可读性强", "启智增慧"]), as: UTF8.self)
        let lists: [(String, [(String, String, String, Int, Int, String, String?)])] = [
            (DemoDistrict.primaryNames[0], [
                ("小猪唏哩呼噜", "孙幼军", "春风文艺出版社", 1, 2, "亲子共读，语言浅显有趣。", nil),
                ("没头脑和不高兴", "任溶溶", "浙江少年儿童出版社", 1, 2, "", nil),
                ("稻草人", "叶圣陶", "人民文学出版社", 3, 4, "统编教材“快乐读书吧”推荐。", nil),
                ("昆虫记", "法布尔", "人民文学出版社", 4, 6, "观察自然，培养科学兴趣。", nil),
                ("小学生必刷阅读题100篇", "编写组", "某教辅出版社", 4, 6, "", "属教辅练习，不属课外读物推荐范围（RD-01）"),
                ("城南旧事", "林海音", "人民文学出版社", 5, 6, "", nil),
            ]),
            ("第一中学", [
                ("朝花夕拾", "鲁迅", "人民文学出版社", 7, 7, "统编教材名著导读。", nil),
                ("红星照耀中国", "埃德加·斯诺", "人民文学出版社", 8, 8, "", nil),
                ("海底两万里", "凡尔纳", "人民文学出版社", 7, 8, "", nil),
                ("艾青诗选", "艾青", "人民文学出版社", 9, 9, "", nil),
            ]),
        ]
        let now = WallClock.now()
        var rows: [[any Encodable & Sendable]] = []
        for (name, titles) in lists {
            guard let school = schools.first(where: { $0.name == name }) else { continue }
            for (index, (title, author, publisher, from, to, note, struck)) in titles.enumerated() {
                rows.append([UUID(), district.id!, school.id!, title, author, publisher, from, to, name == "第一中学" ? "语文教研组" : "图书推荐审核小组",
                             today.adding(days: -40 + index).iso, standards, note, bureau, now, struck, struck == nil ? nil : bureau,
                             struck == nil ? nil : now])
            }
        }
        try await BulkInsert.insert(into: ReadingTitle.schema, columns: ["id", "district_id", "school_id", "title", "author", "publisher", "from_grade",
                                                                         "to_grade", "reviewer", "reviewed_on", "standards", "note", "created_by",
                                                                         "created_at", "struck_reason", "struck_by", "struck_at"], rows: rows, on: db)
    }
}
