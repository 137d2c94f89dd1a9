import OCPIModel
import Testing

/// What a peer writes reaches a log line or `last_error` as one line, with no control character, cut short.
struct UntrustedTextTests {
    @Test func controlCharactersBecomeVisibleEscapes() {
        let forged = "bad token\n2026-12-06T10:00:00+0000 info ocpi-cpo: peer registered\r\t\u{1B}[2J\u{1B}]0;owned\u{07}"
        let escaped = UntrustedText.escaped(forged)
        #expect(escaped == #"bad token\n2026-12-06T10:00:00+0000 info ocpi-cpo: peer registered\r\t\u{1B}[2J\u{1B}]0;owned\u{7}"#)
        #expect(!escaped.unicodeScalars.contains(where: UntrustedText.needsEscaping))
    }

    @Test func c1ControlsSeparatorsAndBidiOverridesAreEscaped() {
        let escaped = UntrustedText.escaped("a\u{9B}31mb\u{85}c\u{2028}d\u{202E}e\u{7F}f")
        #expect(escaped == #"a\u{9B}31mb\u{85}c\u{2028}d\u{202E}e\u{7F}f"#)
    }

    @Test func ordinaryTextIsKept() {
        let text = "Ladestation München: status_code 2001 — \"evse_uid\" ist ungültig (ü, ß, 日本, 🙂) \\n stays"
        #expect(UntrustedText.escaped(text) == text)
    }

    @Test func escapingTwiceChangesNothing() {
        let once = UntrustedText.escaped("x\ny\u{1B}z" + String(repeating: "long ", count: 100))
        #expect(UntrustedText.escaped(once) == once)
    }

    @Test func longTextIsCut() {
        let escaped = UntrustedText.escaped(String(repeating: "\n", count: 10_000), limit: 50)
        #expect(escaped.count == 50)
        #expect(escaped.hasSuffix("…"))
        #expect(UntrustedText.escaped("short", limit: 50) == "short")
    }
}
