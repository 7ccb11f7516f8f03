/// The four collaboration patterns (spec §4): which roles a style has, which outer links join them,
/// and which stages run in each round.
public enum StyleFamily: String, Sendable, CaseIterable, Codable {
    case sequential, mixture, distillation, deliberation

    /// The roles in pipeline order.
    public var roles: [String] {
        switch self {
        case .sequential: ["planner", "critic", "solver"]
        case .mixture: ["math", "code", "science", "summarizer"]
        case .distillation: ["expert", "learner"]
        case .deliberation: ["reflector", "toolcaller"]
        }
    }

    /// The agent whose text is the answer.
    public var closingRole: String {
        switch self {
        case .sequential: "solver"
        case .mixture: "summarizer"
        case .distillation: "learner"
        case .deliberation: "toolcaller"
        }
    }

    /// The outer links by their released keys (spec §9), source role → target role.
    public var links: [(key: String, from: String, to: String)] {
        switch self {
        case .sequential:
            [("outer_12", "planner", "critic"), ("outer_23", "critic", "solver"), ("outer_31", "solver", "planner")]
        case .mixture:
            [("outer_1s", "math", "summarizer"), ("outer_2s", "code", "summarizer"), ("outer_3s", "science", "summarizer"),
             ("outer_s1", "summarizer", "math"), ("outer_s2", "summarizer", "code"), ("outer_s3", "summarizer", "science")]
        case .distillation:
            [("outer_el", "expert", "learner"), ("outer_le", "learner", "expert")]
        case .deliberation:
            [("outer_rt", "reflector", "toolcaller"), ("outer_tr", "toolcaller", "reflector")]
        }
    }

    /// The slot markers of the released prompts (spec §10.1).
    public enum Slot {
        public static let planner = "<<LATENT_PLANNER_SLOT>>"
        public static let refined = "<<LATENT_REFINED_SLOT>>"
        public static let feedback = "<<LATENT_FEEDBACK_SLOT>>"
        public static let mathExpert = "<<HIE_MATH_EXPERT_SLOT>>"
        public static let codeExpert = "<<HIE_CODE_EXPERT_SLOT>>"
        public static let scienceExpert = "<<HIE_SCIENCE_EXPERT_SLOT>>"
        public static let mixtureFeedback = "<<HIE_FEEDBACK_SLOT>>"
        public static let distillExpert = "<<DISTILL_EXPERT_SLOT>>"
        public static let distillFeedback = "<<DISTILL_FEEDBACK_SLOT>>"
        public static let reflector = "<<DELIBERATION_REFLECTOR_SLOT>>"
        public static let deliberationFeedback = "<<DELIBERATION_FEEDBACK_SLOT>>"
    }

    /// Which of an agent's two prompts a stage renders.
    public enum PromptChoice: String, Sendable {
        /// `prompt`: the first round, and every round for agents without feedback.
        case main
        /// `feedback_prompt`: rounds ≥ 2 of agents that receive the feedback latents.
        case feedback
        /// `single_prompt`: the closing agent alone (`RunMethod.single`).
        case single
    }

    /// One stage of a round: `role` renders a prompt with what arrived over its slots' links (latents, or
    /// text in the text method) and either thinks in latent space and sends its latents over `sends`, or
    /// decodes text (which, in the text method, travels over `sends`).
    public struct Stage: Sendable, Equatable {
        public var role: String
        public var kind: StageKind
        public var prompt: PromptChoice
        /// Slot marker ← the outer link whose output fills it, in the order the markers appear.
        public var slots: [Slot]
        /// Outer links applied to this stage's latents.
        public var sends: [String]

        public init(role: String, kind: StageKind, prompt: PromptChoice, slots: [Slot], sends: [String]) {
            self.role = role
            self.kind = kind
            self.prompt = prompt
            self.slots = slots
            self.sends = sends
        }

        public struct Slot: Sendable, Equatable {
            public var marker: String
            public var link: String

            public init(marker: String, link: String) {
                self.marker = marker
                self.link = link
            }
        }
    }

    /// The stages of `round` (1-based) out of `rounds`, in order, for `method`.
    /// - latent (spec §4.2–4.5): openers think, the closing agent decodes in the last round and sends its
    ///   latents back in the others; `decodeEveryRound` makes it also decode (then send) in every round.
    /// - text (spec §11): the same stages, each decoding text; the closing agent's text of a round is
    ///   that round's answer and its feedback.
    /// - single: the closing agent alone, once.
    public func stages(round: Int, of rounds: Int, method: RunMethod = .latent, decodeEveryRound: Bool = false) -> [Stage] {
        switch method {
        case .latent:
            return latentStages(round: round, of: rounds, decodeEveryRound: decodeEveryRound)
        case .text:
            return latentStages(round: round, of: rounds, decodeEveryRound: false).map {
                Stage(role: $0.role, kind: .decode, prompt: $0.prompt, slots: $0.slots, sends: $0.sends)
            }
        case .single:
            return [Stage(role: closingRole, kind: .decode, prompt: .single, slots: [], sends: [])]
        }
    }

    private func latentStages(round: Int, of rounds: Int, decodeEveryRound: Bool) -> [Stage] {
        let first = round == 1, last = round == rounds
        func slot(_ marker: String, _ link: String) -> Stage.Slot { Stage.Slot(marker: marker, link: link) }
        func opener(_ role: String, feedback: String, from link: String, sends: [String]) -> Stage {
            Stage(role: role, kind: .latent, prompt: first ? .main : .feedback,
                  slots: first ? [] : [slot(feedback, link)], sends: sends)
        }
        func closer(_ role: String, slots: [Stage.Slot], feedback: [String]) -> [Stage] {
            let decode = Stage(role: role, kind: .decode, prompt: .main, slots: slots, sends: [])
            if last { return [decode] }
            return (decodeEveryRound ? [decode] : []) + [Stage(role: role, kind: .feedback, prompt: .main, slots: slots, sends: feedback)]
        }
        switch self {
        case .sequential:
            return [opener("planner", feedback: Slot.feedback, from: "outer_31", sends: ["outer_12"]),
                    Stage(role: "critic", kind: .latent, prompt: .main, slots: [slot(Slot.planner, "outer_12")],
                          sends: ["outer_23"])]
                + closer("solver", slots: [slot(Slot.refined, "outer_23")], feedback: ["outer_31"])
        case .mixture:
            let experts = zip(["math", "code", "science"], 1...3).map { role, k in
                opener(role, feedback: Slot.mixtureFeedback, from: "outer_s\(k)", sends: ["outer_\(k)s"])
            }
            let slots = [slot(Slot.mathExpert, "outer_1s"), slot(Slot.codeExpert, "outer_2s"),
                         slot(Slot.scienceExpert, "outer_3s")]
            return experts + closer("summarizer", slots: slots, feedback: ["outer_s1", "outer_s2", "outer_s3"])
        case .distillation:
            return [opener("expert", feedback: Slot.distillFeedback, from: "outer_le", sends: ["outer_el"])]
                + closer("learner", slots: [slot(Slot.distillExpert, "outer_el")], feedback: ["outer_le"])
        case .deliberation:
            return [opener("reflector", feedback: Slot.deliberationFeedback, from: "outer_tr", sends: ["outer_rt"])]
                + closer("toolcaller", slots: [slot(Slot.reflector, "outer_rt")], feedback: ["outer_tr"])
        }
    }
}
