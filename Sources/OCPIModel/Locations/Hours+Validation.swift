extension Hours {
    func check(_ issues: inout IssueCollector) {
        if twentyfourseven {
            if !(regularHours ?? []).isEmpty {
                issues.add("regular_hours", "may only be used when twentyfourseven is false")
            }
        } else if (regularHours ?? []).isEmpty {
            issues.add("regular_hours", "must contain at least one entry when twentyfourseven is false")
        }
        issues.each(regularHours, "regular_hours") { issues, hours in hours.check(&issues) }
        issues.each(exceptionalOpenings, "exceptional_openings") { issues, period in period.check(&issues) }
        issues.each(exceptionalClosings, "exceptional_closings") { issues, period in period.check(&issues) }
    }
}

extension RegularHours {
    func check(_ issues: inout IssueCollector) {
        if !(1...7).contains(weekday) {
            issues.add("weekday", "must be between 1 (Monday) and 7 (Sunday)")
        }
        let beginOK = Self.isTime(periodBegin)
        let endOK = Self.isTime(periodEnd)
        if !beginOK { issues.add("period_begin", Self.timeRule) }
        if !endOK { issues.add("period_end", Self.timeRule) }
        // Zero-padded HH:MM compares as text exactly as it compares as a time.
        if beginOK, endOK, periodEnd <= periodBegin {
            issues.add("period_end", "must be later than period_begin")
        }
    }

    static let timeRule = "must be a time of day HH:MM from 00:00 to 23:59, matching ([0-1][0-9]|2[0-3]):[0-5][0-9]"

    /// The spec's regex `([0-1][0-9]|2[0-3]):[0-5][0-9]`.
    static func isTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":") else { return false }
        let digits = [bytes[0], bytes[1], bytes[3], bytes[4]].map { Int($0) - 48 }
        guard digits.allSatisfy({ (0...9).contains($0) }) else { return false }
        return digits[0] * 10 + digits[1] <= 23 && digits[2] <= 5
    }
}

extension ExceptionalPeriod {
    func check(_ issues: inout IssueCollector) {
        if periodEnd <= periodBegin { issues.add("period_end", "must be later than period_begin") }
    }
}
