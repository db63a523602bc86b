import CairnCore
import Testing

@Suite("Meeting links")
struct MeetingLinkTests {
    @Test(arguments: [
        "https://meet.example.org/abc-defg-hij",
        "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjA%40thread.v2/0?context=%7b%22Tid%22%7d",
        "https://zoom.us/j/123456789?pwd=AbC.d_e~f",
        "https://nhs.webex.com:443/meet/dr.smith",
    ])
    func realMeetingAddressesAreAccepted(address: String) {
        #expect(MeetingLink.isAcceptable(address))
    }

    @Test(arguments: [
        "http://meet.example.org/x", "javascript:alert(1)", "https://", "https:///path", "https://-bad.example",
        "https://evil.example/\"><cairn-x data-pwned=\"1\">", "https://a.example/with space",
        "https://a.example/back\\slash", "https://a.example/%zz", "https://a.example/%4", "https://a.example/'quote'",
        "https://a.example/x\ny", "//evil.example/x",
    ])
    func anythingElseIsRefused(address: String) {
        #expect(!MeetingLink.isAcceptable(address))
    }

    @Test func everyAddressTheAPIPatternAllowsIsAccepted() {
        // openapi.yaml's pattern for videoLink: ^(https://[A-Za-z0-9][A-Za-z0-9.-]*(/[A-Za-z0-9._~/?=&+-]*)?)?$
        for address in ["https://a", "https://a.b-c/", "https://x9.example/p/a_b.c~d?e=f&g+h-i"] {
            #expect(MeetingLink.isAcceptable(address))
        }
    }
}
