import JianfuCore
import Testing

@Suite struct PasswordRulesTests {
    @Test func aLongMixOfLettersAndDigitsPasses() {
        #expect(PasswordRules.problems("qingshan2026", username: "teacher").isEmpty)
    }

    @Test func shortOrSingleKindPasswordsAreRefused() {
        #expect(PasswordRules.problems("ab12", username: "teacher") == [.tooShort(minimum: 8)])
        #expect(PasswordRules.problems("20261130", username: "teacher") == [.needsLettersAndDigits])
        #expect(PasswordRules.problems("onlyletters", username: "teacher") == [.needsLettersAndDigits])
    }

    @Test func theUsernameOrAPhoneNumberInsideIsRefused() {
        #expect(PasswordRules.problems("teacher2026", username: "teacher") == [.containsUsername])
        #expect(PasswordRules.problems("x13900001234", username: "13900001234") == [.containsUsername])
    }

    @Test func passwordsEveryGuesserTriesAreRefused() {
        #expect(PasswordRules.problems("Password1", username: "teacher") == [.tooCommon])
        #expect(PasswordRules.problems("abcd1234", username: "teacher") == [.tooCommon])
    }
}
