import Foundation

extension ChatTemplate {
    /// The prompt text for `messages`; with `addGenerationPrompt` it ends where the assistant's reply begins.
    public func render(_ messages: [ChatMessage], addGenerationPrompt: Bool = true,
                       options: ChatRenderOptions = ChatRenderOptions()) -> String {
        var messages = messages
        if let prompt = defaultSystemPrompt, messages.first?.role != .system,
           family != .deepSeek || !messages.contains(where: { $0.role == .system }) {
            messages.insert(.system(prompt), at: 0)
        }
        let generation = addGenerationPrompt || traits.alwaysGenerationPrompt
        var text = writesBOS && family != .monarch ? bosToken : ""
        text += body(messages, generation: generation, options: options)
        if !options.includeLeadingBOS, writesBOS, !bosToken.isEmpty, text.hasPrefix(bosToken) {
            text.removeFirst(bosToken.count)
        }
        return text
    }

    private func body(_ messages: [ChatMessage], generation: Bool, options: ChatRenderOptions) -> String {
        var out = ""
        switch family {
        case .chatML:
            for message in messages {
                let content = traits.thinkingSwitch && message.role == .assistant
                    ? Self.answerAfterThinking(message.content) : message.content
                out += "<|im_start|>\(message.role.rawValue)\n\(content)<|im_end|>\n"
            }
            if generation {
                out += "<|im_start|>assistant\n"
                if traits.thinkingSwitch && !options.enableThinking { out += "<think>\n\n</think>\n\n" }
            }

        case .phi4:
            for message in messages {
                out += "<|im_start|>\(message.role.rawValue)<|im_sep|>\(message.content)<|im_end|>"
            }
            if generation { out += "<|im_start|>assistant<|im_sep|>" }

        case .llama2, .llama2System, .llama2SystemBOS, .llama2SystemStrip:
            out += renderLlama2(messages)

        case .mistralV1, .mistralV3, .mistralV3Tekken:
            out += renderMistral(messages)

        case .mistralV7:
            for message in messages {
                switch message.role {
                case .system: out += "[SYSTEM_PROMPT] \(message.content)[/SYSTEM_PROMPT]"
                case .user: out += "[INST] \(message.content)[/INST]"
                case .assistant: out += " \(message.content)\(eosToken)"
                }
            }

        case .phi3:
            if traits.userDrivenTurns {
                for message in messages {
                    switch message.role {
                    case .system: break
                    case .user: out += "<|user|>\n\(message.content)<|end|>\n<|assistant|>\n"
                    case .assistant: out += "\(message.content)<|end|>\n"
                    }
                }
            } else {
                for message in messages { out += "<|\(message.role.rawValue)|>\n\(message.content)<|end|>\n" }
                if generation {
                    out += "<|assistant|>\n"
                } else if traits.eosWithoutGenerationPrompt {
                    out += eosToken
                }
            }

        case .zephyr:
            for message in messages { out += "<|\(message.role.rawValue)|>\n\(message.content)\(eosToken)\n" }
            if generation { out += "<|assistant|>\n" }

        case .monarch:
            for message in messages { out += "\(bosToken)\(message.role.rawValue)\n\(message.content)\(eosToken)\n" }
            if generation { out += "\(bosToken)assistant\n" }

        case .gemma:
            out += renderGemma(messages, generation: generation)

        case .orion:
            // The template has no system turn and drops system messages.
            for message in messages {
                switch message.role {
                case .system: break
                case .user: out += "Human: \(message.content)\n\nAssistant: \(eosToken)"
                case .assistant: out += "\(message.content)\(eosToken)"
                }
            }

        case .openChat:
            for message in messages {
                out += "GPT4 Correct \(message.role.rawValue.capitalized): \(message.content)<|end_of_turn|>"
            }
            if generation { out += "GPT4 Correct Assistant:" }

        case .vicuna, .vicunaOrca:
            for message in messages {
                switch message.role {
                case .system: out += family == .vicunaOrca ? "SYSTEM: \(message.content)\n" : "\(message.content)\n\n"
                case .user: out += "USER: \(message.content)\n"
                case .assistant: out += "ASSISTANT: \(message.content)</s>\n"
                }
            }
            if generation { out += "ASSISTANT:" }

        case .deepSeek:
            for message in messages {
                switch message.role {
                case .system: out += message.content
                case .user: out += "### Instruction:\n\(message.content)\n"
                case .assistant: out += "### Response:\n\(message.content)\n<|EOT|>\n"
                }
            }
            if generation { out += "### Response:\n" }

        case .deepSeek2:
            for message in messages {
                switch message.role {
                case .system: out += "\(message.content)\n\n"
                case .user: out += "User: \(message.content)\n\n"
                case .assistant: out += "Assistant: \(message.content)\(eosToken)"
                }
            }
            if generation { out += "Assistant:" }

        case .deepSeek3:
            // The last system message, wherever it is, comes first.
            out += messages.last { $0.role == .system }?.content ?? ""
            for message in messages {
                switch message.role {
                case .system: break
                case .user: out += "<｜User｜>\(message.content)"
                case .assistant: out += "<｜Assistant｜>\(Self.answerAfterThinking(message.content, keepNewlines: true))<｜end▁of▁sentence｜>"
                }
            }
            if generation { out += traits.opensThinkBlock ? "<｜Assistant｜><think>\n" : "<｜Assistant｜>" }

        case .commandR:
            for (index, message) in messages.enumerated() {
                switch message.role {
                case .system where index == 0:
                    out += "<|START_OF_TURN_TOKEN|><|SYSTEM_TOKEN|>\(message.content)<|END_OF_TURN_TOKEN|>"
                case .system: break
                case .user: out += "<|START_OF_TURN_TOKEN|><|USER_TOKEN|>\(Self.trim(message.content))<|END_OF_TURN_TOKEN|>"
                case .assistant:
                    out += "<|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>\(Self.trim(message.content))<|END_OF_TURN_TOKEN|>"
                }
            }
            if generation { out += "<|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>" }

        case .llama3:
            out += renderLlama3(messages, generation: generation, today: options.today)

        case .chatGLM3:
            out += "[gMASK]sop"
            for message in messages { out += "<|\(message.role.rawValue)|>\n \(message.content)" }
            if generation { out += "<|assistant|>" }

        case .chatGLM4, .glmEdge:
            if family == .chatGLM4 { out += "[gMASK]<sop>" }
            for message in messages { out += "<|\(message.role.rawValue)|>\n\(message.content)" }
            if generation { out += "<|assistant|>" }

        case .miniCPM:
            for message in messages {
                out += message.role == .user ? "<用户>\(Self.trim(message.content))<AI>" : Self.trim(message.content)
            }

        case .granite:
            for message in messages {
                out += "<|start_of_role|>\(message.role.rawValue)<|end_of_role|>\(message.content)<|end_of_text|>\n"
            }
            if generation { out += "<|start_of_role|>assistant<|end_of_role|>" }

        case .megrez:
            for message in messages {
                out += "<|role_start|>\(message.role.rawValue)<|role_end|>\(message.content)<|turn_end|>"
            }
            if generation { out += "<|role_start|>assistant<|role_end|>" }
        }
        return out
    }

    /// Llama 2 `[INST]` turns; a leading system message goes inside the first one between `<<SYS>>` markers.
    private func renderLlama2(_ messages: [ChatMessage]) -> String {
        let strip = family == .llama2SystemStrip
        var turns = messages
        var systemBlock = ""
        if family == .llama2 {
            turns = Self.foldingSystemIntoFirstUser(messages)
        } else if let first = turns.first, first.role == .system {
            systemBlock = "<<SYS>>\n\(first.content)\n<</SYS>>\n\n"
            turns.removeFirst()
        }
        var out = ""
        var isFirstTurn = true
        for message in turns {
            switch message.role {
            case .user:
                let content = isFirstTurn ? systemBlock + message.content : message.content
                let opening = !isFirstTurn && traits.bosBeforeLaterTurns ? bosToken + "[INST] " : "[INST] "
                out += opening + (strip ? Self.trim(content) : content) + " [/INST]"
                isFirstTurn = false
            case .assistant:
                switch family {
                case .llama2: out += message.content + eosToken
                default: out += " " + (strip ? Self.trim(message.content) : message.content) + " " + eosToken
                }
            case .system:
                out += "<<SYS>>\n\(message.content)\n<</SYS>>\n\n"
            }
        }
        return out
    }

    /// Mistral's tokenizer versions: v1 spaces around `[INST]`; v3 trims replies; v3-tekken has no spaces.
    /// v3 templates put the system text into the last user turn, v1 into the first.
    private func renderMistral(_ messages: [ChatMessage]) -> String {
        var turns = messages
        var system: String?
        if let first = turns.first, first.role == .system {
            system = first.content
            turns.removeFirst()
        }
        var out = ""
        for (index, message) in turns.enumerated() {
            switch message.role {
            case .user:
                let carriesSystem = family == .mistralV1 ? index == 0 : index == turns.count - 1
                let content = (carriesSystem ? system.map { $0 + "\n\n" } ?? "" : "") + message.content
                switch family {
                case .mistralV1: out += " [INST] \(content) [/INST]"
                case .mistralV3: out += "[INST] \(content)[/INST]"
                default: out += "[INST]\(content)[/INST]"
                }
            case .assistant:
                switch family {
                case .mistralV1: out += " \(message.content)\(eosToken)"
                case .mistralV3: out += " \(Self.trim(message.content))\(eosToken)"
                default: out += "\(message.content)\(eosToken)"
                }
            case .system:
                break
            }
        }
        return out
    }

    /// Gemma has no system turn: the system text opens the first user turn. Replies are "model" turns.
    private func renderGemma(_ messages: [ChatMessage], generation: Bool) -> String {
        var turns = messages
        var prefix = ""
        if let first = turns.first, first.role == .system {
            prefix = first.content + "\n\n"
            turns.removeFirst()
        }
        var out = ""
        for (index, message) in turns.enumerated() {
            let role = message.role == .assistant ? "model" : message.role.rawValue
            let content = traits.trimsContent ? Self.trim(message.content) : message.content
            out += "<start_of_turn>\(role)\n\(index == 0 ? prefix : "")\(content)<end_of_turn>\n"
        }
        if generation { out += "<start_of_turn>model\n" }
        return out
    }

    private func renderLlama3(_ messages: [ChatMessage], generation: Bool, today: Date) -> String {
        func header(_ role: String) -> String { "<|start_header_id|>\(role)<|end_header_id|>\n\n" }
        var turns = messages
        var out = ""
        if let dated = traits.datedSystemHeader {
            var system = ""
            if let first = turns.first, first.role == .system {
                system = Self.trim(first.content)
                turns.removeFirst()
            }
            let (cutoff, date) = switch dated {
            case .fixedDate(let cutoff, let date): (cutoff, date)
            case .today(let cutoff): (cutoff, Self.llamaDate(today))
            }
            out += header("system") + "Cutting Knowledge Date: \(cutoff)\nToday Date: \(date)\n\n\(system)<|eot_id|>"
        }
        for message in turns {
            out += header(message.role.rawValue) + Self.trim(message.content) + "<|eot_id|>"
        }
        if generation { out += header("assistant") }
        return out
    }

    /// For templates that only take user/assistant turns: system texts are joined with blank lines and put in
    /// front of the first user message (RecursiveMAS's fallback for such templates).
    static func foldingSystemIntoFirstUser(_ messages: [ChatMessage]) -> [ChatMessage] {
        let systems = messages.filter { $0.role == .system }.map(\.content)
        guard !systems.isEmpty else { return messages }
        var rest = messages.filter { $0.role != .system }
        let system = systems.joined(separator: "\n\n")
        if let index = rest.firstIndex(where: { $0.role == .user }) {
            rest[index].content = system + "\n\n" + rest[index].content
        } else {
            rest.insert(.user(system), at: 0)
        }
        return rest
    }

    /// A reply without its reasoning: the text after the last `</think>` (leading newlines dropped, as Qwen3 does,
    /// unless `keepNewlines`, as DeepSeek-R1 does).
    private static func answerAfterThinking(_ content: String, keepNewlines: Bool = false) -> String {
        guard let range = content.range(of: "</think>", options: .backwards) else { return content }
        let answer = content[range.upperBound...]
        return keepNewlines ? String(answer) : String(answer.drop { $0 == "\n" })
    }

    static func trim(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// strftime("%d %b %Y") in the local time zone: "05 Jan 2025".
    static func llamaDate(_ date: Date) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = Calendar(identifier: .gregorian).dateComponents([.day, .month, .year], from: date)
        let day = parts.day ?? 1
        return "\(day < 10 ? "0" : "")\(day) \(months[((parts.month ?? 1) - 1) % 12]) \(parts.year ?? 1970)"
    }
}
