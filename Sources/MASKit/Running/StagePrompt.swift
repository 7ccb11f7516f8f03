/// What one stage hands the next over a link: latents in the receiver's embedding space, or (text
/// method) the text it decoded.
public enum Handoff: Sendable {
    case latents([[Float]])
    case text(String)
}

/// A stage's input sequence (spec §2.2–2.5): the agent's prompt for the stage, rendered with its chat
/// template, cut at the stage's slot markers, each piece tokenised on its own, and what arrived over each
/// slot's link spliced in — latents as they are, a text as its tokens read as plain text (so a model's
/// text cannot smuggle control tokens in). The reference's text method tokenises the substituted text
/// whole; cutting at the markers differs from that only at the two boundaries, as its latent method does.
public enum StagePrompt {
    public static func segments(for stage: StyleFamily.Stage, of agent: LoadedAgent, question: String,
                                filling handoffs: [Handoff]) throws -> [PromptSegment] {
        let spec = agent.spec
        let user = switch stage.prompt {
        case .main: spec.prompt
        case .feedback: spec.feedbackPrompt ?? spec.prompt
        case .single: spec.singlePrompt
        }
        let text = agent.template.render([.system(spec.systemPrompt), .user(user.replacingOccurrences(of: "{question}", with: question))],
                                         options: ChatRenderOptions(enableThinking: false))
        let slots = try SlotPrompt(text: text, markers: stage.slots.map(\.marker))
        let fillings = handoffs.map { handoff -> PromptSegment in
            switch handoff {
            case .latents(let latents): .embeddings(latents)
            case .text(let text): .tokens(agent.tokenizer.encode(text, addSpecial: false, parseSpecial: false))
            }
        }
        return try slots.splice(tokens: slots.tokenSegments(agent.tokenizer), fillings: fillings)
    }
}
