import ArgumentParser
import MASKit

/// `--quantize q8_0`.
extension WeightQuantization: ExpressibleByArgument {}
