import JianfuCore
import Testing

@Suite struct ContactMaskTests {
    @Test func aMobileNumberKeepsItsFirstThreeAndLastFourDigits() {
        #expect(ContactMask.phone("13812345678") == "138****5678")
    }

    @Test func aShortNumberShowsNoDigitAtAll() {
        #expect(ContactMask.phone("12345") == "*****")
        #expect(ContactMask.phone("") == "")
    }

    @Test func aPupilsNameOnANoticeKeepsOnlyTheFamilyNameAndTheLastCharacter() {
        #expect(ContactMask.name("王小明") == "王*明")
        #expect(ContactMask.name("李华") == "李*")
        #expect(ContactMask.name("欧阳晓晓") == "欧**晓")
        #expect(ContactMask.name("") == "")
    }
}
