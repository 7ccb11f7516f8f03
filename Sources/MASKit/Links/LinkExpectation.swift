/// The sizes a link must have to fit the agents it joins.
public enum LinkExpectation: Sendable, Equatable {
    /// An inner link of an agent with this hidden size.
    case inner(hiddenSize: Int)
    /// An outer link from a source agent to a target agent; a nil size is not checked.
    case outer(sourceHiddenSize: Int?, targetHiddenSize: Int?)
}
