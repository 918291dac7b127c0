import Foundation
@testable import JianfuCore
import Testing

/// The national profile's content rules, each held by a test named after its rule id: phrases a school could walk
/// through are caught, ordinary homework text is not.
@Suite struct ContentRulesTests {
    let rules = try! PolicyProfile.load(contentsOf: Fixture.nationalProfileURL).homework.contentRules

    func refusedBy(_ text: String) -> [String] {
        ContentCheck.findings(in: text, rules: rules).filter { $0.rule.strength == .refuse }.map(\.rule.rule)
    }

    @Test func HW06_nothingForParentsToDoCheckOrSign() {
        for text in ["完成练习册第3页，家长签字", "听写生字，请家长帮忙批改", "口算20题，家长检查后签名", "背诵课文，家长听写"] {
            #expect(refusedBy(text) == ["HW-06"], "\(text)")
        }
    }

    @Test func HW07_noSelfMarking() {
        for text in ["练习册第5页，自批自改", "做完后对答案，自己改正错题并自己批改"] {
            #expect(refusedBy(text).contains("HW-07"), "\(text)")
        }
    }

    @Test func HW14_noPhoneOrAppOr打卡() {
        for text in ["每天朗读课文并在群里打卡", "用小程序提交口算", "完成后手机拍照上传", "在APP上完成听力练习", "朗读录音，上传 视频到班级群"] {
            #expect(refusedBy(text).contains("HW-14"), "\(text)")
        }
    }

    @Test func HW09_noPunitiveWork() {
        for text in ["罚抄生字二十遍", "听写错一个字罚写十遍", "作业没完成的同学，生字抄二十遍"] {
            #expect(refusedBy(text).contains("HW-09"), "\(text)")
        }
    }

    @Test func ordinaryWorkPasses() {
        for text in ["比较 a<b 与 b>a；x>3 时求 y", "抄写生字 3 遍，组词", "Read about an apple and draw it", "阅读《草房子》第3章",
                     "和家长一起做一道家常菜", "不要用手机查答案，独立完成"] {
            #expect(refusedBy(text) == [], "\(text)")
        }
    }

    @Test func aPieceAcrossSentencesDoesNotMatch() {
        #expect(!ContentCheck.matches("错…罚", in: "改正错题"[...]))
        #expect(ContentCheck.findings(in: "改正错题。阅读《罪与罚》", rules: rules).isEmpty)
    }

    @Test func aDistrictsPhraseIsFoundAndItsStrengthKept() {
        var extended = rules
        extended.append(ContentRule(rule: "LOC-X", source: "某区", wording: "不布置抄写作文", strength: .flag, phrases: ["抄写作文"]))
        let findings = ContentCheck.findings(in: "抄写作文一篇", rules: extended)
        #expect(findings.map(\.rule.rule) == ["LOC-X"])
        #expect(findings.first?.rule.strength == .flag)
    }
}
