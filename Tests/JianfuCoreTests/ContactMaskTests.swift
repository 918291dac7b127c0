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
}
