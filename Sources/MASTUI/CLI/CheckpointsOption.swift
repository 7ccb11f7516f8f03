import ArgumentParser
import Foundation
import MASKit

/// `--checkpoints DIR`: where the released checkpoints are, for every command that loads or checks styles.
struct CheckpointsOption: ParsableArguments {
    @Option(help: ArgumentHelp("Folder with the released checkpoints (else the Hugging Face cache).", valueName: "dir"))
    var checkpoints: String?

    /// A loader that resolves released repositories there.
    var loader: SystemLoader {
        SystemLoader(checkpoints: CheckpointResolver(
            checkpointsDirectory: checkpoints.map { URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath) }))
    }
}
