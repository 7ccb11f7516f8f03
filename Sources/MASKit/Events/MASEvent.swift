/// Everything a run reports, in the order it happens. This is the contract between the engine
/// (which emits), the terminal UI (which reduces) and trace files (which record and replay).
///
/// Agents and links are named by the strings announced in `runStarted`. Rounds count from 1 to
/// `rounds`, latent steps from 1 to `latentSteps`; times are in seconds.
public enum MASEvent: Sendable, Equatable {
    /// A run begins: its style, agents in pipeline order, links, schedule, question and how the agents
    /// pass their work on.
    case runStarted(style: String, agents: [AgentInfo], links: [LinkInfo], rounds: Int,
                    latentSteps: Int, question: String, method: RunMethod)
    case roundStarted(round: Int)
    case stageStarted(agent: String, round: Int, kind: StageKind)
    /// One latent step of `agent`: the L2 norm of the post-final-norm hidden state it produced.
    case latentStep(agent: String, round: Int, step: Int, hiddenNorm: Float)
    /// One RecursiveLink hop from `from` into `to`: per latent step, the latent's norms at each stage of
    /// the hop and its collapse signals, next to the receiver's typical token-embedding norm.
    case hop(link: String, from: String, to: String, round: Int, perStep: [HopStep],
             receiverEmbeddingNorm: Float, peek: [[NearestToken]]?)
    /// One decoded piece of text; `text` is what the streaming detokeniser released for `tokenId`.
    case token(agent: String, round: Int, text: String, tokenId: Int, logprob: Float?)
    case toolCall(id: String, agent: String, tool: String, arguments: String)
    case toolResult(id: String, status: ToolStatus, output: String, seconds: Double)
    case stageFinished(agent: String, round: Int, tokens: Int, seconds: Double)
    case roundFinished(round: Int, seconds: Double)
    /// An answer of the closing agent: the decoded text and the answer extracted from it, if any. Every
    /// round that decodes one reports it; `isFinal` marks the run's answer (after any retry). `round` is
    /// nil in traces older than per-round answers.
    case answer(text: String, extracted: String?, round: Int?, isFinal: Bool)
    case runFinished(seconds: Double, stats: RunStats)
    /// Something failed; the run ends (or, with an agent, that agent's stage failed and the run ends).
    case error(agent: String?, message: String)
    /// Something the user should know that does not stop the run: an untrained link, a full context,
    /// latents that collapsed.
    case warning(agent: String?, message: String)
    /// The run stopped at a step boundary and waits for the user.
    case paused(at: PausePoint)
    case resumed
}

/// One agent of a run as the UI and traces know it.
public struct AgentInfo: Sendable, Equatable, Codable {
    public var name: String
    public var model: String
    public var hiddenSize: Int

    public init(name: String, model: String, hiddenSize: Int) {
        self.name = name
        self.model = model
        self.hiddenSize = hiddenSize
    }
}

/// A RecursiveLink between two agents; `hop` events name it by `name`.
public struct LinkInfo: Sendable, Equatable, Codable {
    public var name: String
    public var from: String
    public var to: String

    public init(name: String, from: String, to: String) {
        self.name = name
        self.from = from
        self.to = to
    }
}

public enum StageKind: String, Sendable, Equatable, Codable, CaseIterable {
    /// The agent rolls latent thoughts out without decoding.
    case latent
    /// The agent decodes text.
    case decode
    /// The last agent's latents travel back to the first agent for the next round.
    case feedback
    /// The final agent found no answer in its text and continues it after an answer prompt such as
    /// `Final Answer: \boxed{` (spec §6); its tokens follow as `token` events.
    case retry
}

/// One latent step as it crosses a hop. L2 norms: the sender's raw last hidden state, after the
/// sender's inner link, and after the outer link into the receiver's embedding space. Collapse signals,
/// on the handed-off latent (after outer): its cosine with the previous step's (nil at step 1), and with
/// the latent this link handed off at the same step in the previous round (nil in round 1). Both near 1
/// mean the rollout stopped moving.
public struct HopStep: Sendable, Equatable, Codable {
    public var raw: Float
    public var afterInner: Float
    public var afterOuter: Float
    public var stepCosine: Float?
    public var roundCosine: Float?

    public init(raw: Float, afterInner: Float, afterOuter: Float, stepCosine: Float? = nil, roundCosine: Float? = nil) {
        self.raw = raw
        self.afterInner = afterInner
        self.afterOuter = afterOuter
        self.stepCosine = stepCosine
        self.roundCosine = roundCosine
    }
}

/// A receiver-vocabulary token near a latent, by cosine similarity of its input embedding.
public struct NearestToken: Sendable, Equatable, Codable {
    public var tokenId: Int
    public var text: String
    public var cosine: Float

    public init(tokenId: Int, text: String, cosine: Float) {
        self.tokenId = tokenId
        self.text = text
        self.cosine = cosine
    }
}

public enum ToolStatus: String, Sendable, Equatable, Codable, CaseIterable {
    /// The tool ran and succeeded.
    case ok
    /// The tool ran and failed (non-zero exit, HTTP or JSON error, missing interpreter…).
    case error
    /// The tool exceeded its time limit and was stopped.
    case timeout
    /// The run was cancelled while the tool was running.
    case cancelled
    /// The tool was not run: it is not allowed for the agent, unknown, or over the call limit.
    case refused
}

public struct RunStats: Sendable, Equatable, Codable {
    public var decodedTokens: Int
    public var latentSteps: Int
    public var toolCalls: Int

    public init(decodedTokens: Int, latentSteps: Int, toolCalls: Int) {
        self.decodedTokens = decodedTokens
        self.latentSteps = latentSteps
        self.toolCalls = toolCalls
    }
}

/// Where a stepped run waits: before a round starts, or before one agent's stage starts.
public struct PausePoint: Sendable, Equatable, Codable {
    public enum Boundary: String, Sendable, Equatable, Codable {
        case round, stage
    }

    public var boundary: Boundary
    public var round: Int
    /// The agent whose stage comes next; nil at a round boundary.
    public var agent: String?

    public init(boundary: Boundary, round: Int, agent: String? = nil) {
        self.boundary = boundary
        self.round = round
        self.agent = agent
    }
}
