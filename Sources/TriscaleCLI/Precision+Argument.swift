import ArgumentParser
import TriscaleEngine

/// Lets `--precision fp32|bf16|fp16` parse straight into ``Precision``.
extension Precision: ExpressibleByArgument {}
