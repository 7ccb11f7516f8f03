import Foundation
import MASKit

/// One model file as `mastui models` lists it: its summary, or why it could not be read.
struct ModelRow: Encodable {
    let file: String
    let architecture: String?
    let name: String?
    let parameters: Int?
    let hidden: Int?
    let layers: Int?
    let quantisation: String?
    let sizeBytes: Int?
    let error: String?

    init(url: URL) {
        file = url.lastPathComponent
        do {
            let summary = try GGUFModelSummary(file: GGUFFile(url: url))
            architecture = summary.architecture
            name = summary.name
            parameters = summary.parameterCount
            hidden = summary.hiddenSize
            layers = summary.layerCount
            quantisation = summary.quantisation
            sizeBytes = summary.fileSize
            error = nil
        } catch {
            (architecture, name, parameters, hidden, layers, quantisation, sizeBytes) = (nil, nil, nil, nil, nil, nil, nil)
            self.error = (error as? GGUFError)?.problem ?? error.localizedDescription
        }
    }

    /// A row for every `*.gguf` file in `directory`, by file name ignoring case; none when the directory is missing.
    static func rows(in directory: URL) -> [ModelRow] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names
            .filter { $0.lowercased().hasSuffix(".gguf") }
            .sorted { $0.lowercased() < $1.lowercased() }
            .map { ModelRow(url: directory.appendingPathComponent($0)) }
    }
}
