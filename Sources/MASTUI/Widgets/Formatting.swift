import Foundation

/// Number and time formats shared by the widgets.
public enum Formatting {
    /// A norm in 4–6 columns: 3 significant digits, "nan"/"inf" when not finite.
    public static func norm(_ value: Float) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        let magnitude = abs(value)
        if magnitude >= 1000 { return String(format: "%.3g", value) }
        if magnitude >= 100 { return String(format: "%.0f", value) }
        if magnitude >= 10 { return String(format: "%.1f", value) }
        return String(format: "%.2f", value)
    }

    /// Elapsed time as m:ss.t (or h:mm:ss past an hour).
    public static func elapsed(_ seconds: Double) -> String {
        let total = max(0, seconds)
        if total >= 3600 {
            let s = Int(total)
            return String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        }
        return String(format: "%d:%04.1f", Int(total) / 60, total.truncatingRemainder(dividingBy: 60))
    }

    /// A model file name without its directory and `.gguf` extension.
    public static func modelName(_ model: String) -> String {
        let name = model.split(separator: "/").last.map(String.init) ?? model
        return name.hasSuffix(".gguf") ? String(name.dropLast(5)) : name
    }
}
