/// How a class is named to people: "4年级1班", "Grade 4 class 1".
enum ClassNames {
    static func name(_ grade: Int, _ number: Int, _ language: Language) -> String {
        Strings.text("class.name", language, [String(grade), String(number)])
    }
}
