import Foundation

/// What varies between real templates of one family, read from the template text (or the family's usual
/// template when a family is chosen by name).
struct ChatTemplateTraits: Sendable, Hashable {
    /// Llama 3.1+ system header: "Cutting Knowledge Date: …\nToday Date: …\n\n" before the system text.
    enum DatedSystemHeader: Sendable, Hashable {
        case fixedDate(knowledgeCutoff: String, date: String)
        case today(knowledgeCutoff: String)
    }

    var writesBOS: Bool
    var defaultSystemPrompt: String?
    /// The generation prompt is written even when not asked for (the template never reads add_generation_prompt).
    var alwaysGenerationPrompt = false
    /// Qwen3: `enable_thinking=false` adds an empty think block after the generation prompt.
    var thinkingSwitch = false
    /// DeepSeek-R1: the generation prompt opens a think block.
    var opensThinkBlock = false
    var datedSystemHeader: DatedSystemHeader?
    /// Message contents are trimmed (Gemma's `| trim`).
    var trimsContent = false
    /// Phi-3 mini/medium: only user and assistant turns, the assistant header follows every user turn.
    var userDrivenTurns = false
    /// Phi-3: without a generation prompt the eos text ends the prompt.
    var eosWithoutGenerationPrompt = false
    /// Llama 2 variants that put BOS before every later `[INST]`.
    var bosBeforeLaterTurns = false

    /// The family's usual template.
    init(family: ChatTemplateFamily) {
        switch family {
        case .llama2, .llama2System, .llama2SystemStrip, .mistralV1, .mistralV3, .mistralV3Tekken, .mistralV7,
             .gemma, .llama3, .openChat, .deepSeek, .deepSeek3, .commandR, .monarch, .orion:
            writesBOS = true
        default:
            writesBOS = false
        }
        trimsContent = family == .gemma
        bosBeforeLaterTurns = family == .llama2SystemBOS
    }

    init(family: ChatTemplateFamily, template: String) {
        self.init(family: family)
        let literals = JinjaStringLiterals(template)
        writesBOS = Self.writesLeadingBOS(template) || family == .monarch
        alwaysGenerationPrompt = !template.contains("add_generation_prompt")
        switch family {
        case .chatML:
            defaultSystemPrompt = literals.firstEnclosed(prefix: "<|im_start|>system\n", suffix: "<|im_end|>\n")
            thinkingSwitch = template.contains("enable_thinking")
        case .megrez:
            defaultSystemPrompt = literals.firstEnclosed(prefix: "<|role_start|>system<|role_end|>",
                                                         suffix: "<|turn_end|>")
        case .deepSeek:
            if let range = template.range(of: "if not ns.found") {
                defaultSystemPrompt = literals.first(after: template.distance(from: template.startIndex,
                                                                               to: range.lowerBound))
            }
        case .llama2SystemStrip:
            bosBeforeLaterTurns = template.contains("bos_token + '[INST]")
            if let range = template.range(of: "true == true"),
               let assignment = template.range(of: "set system_message = ", range: range.upperBound..<template.endIndex) {
                defaultSystemPrompt = literals.first(after: template.distance(from: template.startIndex,
                                                                               to: assignment.lowerBound))
            }
        case .deepSeek3:
            opensThinkBlock = template.contains("<｜Assistant｜><think>")
        case .gemma:
            trimsContent = template.contains("trim")
        case .phi3:
            userDrivenTurns = !template.contains("system") && !template.contains("'<|' + message['role'] + '|>'")
            eosWithoutGenerationPrompt = template.contains("{% else %}{{ eos_token }}")
        case .llama3:
            if template.contains("Cutting Knowledge Date: ") {
                let cutoff = literals.firstEnclosed(prefix: "Cutting Knowledge Date: ", suffix: "\n") ?? "December 2023"
                if template.contains("strftime_now") {
                    datedSystemHeader = .today(knowledgeCutoff: cutoff)
                } else {
                    let date = literals.literals.first { Self.looksLikeDate($0.value) }?.value ?? "26 Jul 2024"
                    datedSystemHeader = .fixedDate(knowledgeCutoff: cutoff, date: date)
                }
            }
        default:
            break
        }
    }

    /// `{{ bos_token }}` as a statement of its own, or prepended to the first turn (`bos_token + content`).
    private static func writesLeadingBOS(_ template: String) -> Bool {
        template.range(of: #"\{\{-?\s*bos_token\s*-?\}\}"#, options: .regularExpression) != nil
            || template.contains("bos_token + content")
    }

    /// "26 Jul 2024": a day, an English month abbreviation and a year.
    private static func looksLikeDate(_ text: String) -> Bool {
        text.range(of: #"^\d{1,2} [A-Z][a-z]{2} \d{4}$"#, options: .regularExpression) != nil
    }
}
