/// How a tool's output enters the answer, as in the reference: `</result>` inside it defused,
/// cut to a number of characters (Unicode scalars, as Python counts them) with a marker, and
/// wrapped as ` <result> … </result>`.
public enum ToolResultText {
    /// The output with `</result>` rewritten to `< /result>`, then cut to `maxCharacters` followed
    /// by `\n... [truncated N chars]` when longer.
    public static func capped(_ output: String, maxCharacters: Int) -> String {
        let defused = output.replacingOccurrences(of: "</result>", with: "< /result>")
        let scalars = defused.unicodeScalars
        guard scalars.count > maxCharacters else { return defused }
        let kept = String(String.UnicodeScalarView(scalars.prefix(max(0, maxCharacters))))
        return "\(kept)\n... [truncated \(scalars.count - max(0, maxCharacters)) chars]"
    }

    /// The text appended to the answer after a call.
    public static func wrapped(_ result: String) -> String {
        " <result> \(result) </result>"
    }
}
