extension DisplayText {
    func check(_ issues: inout IssueCollector) {
        if language.unicodeScalars.count != 2 || !language.unicodeScalars.allSatisfy(\.isASCIILetter) {
            issues.add("language", "must be an ISO 639-1 language code of 2 letters")
        }
        issues.string(text, "text", max: 512)
    }
}
