import FuzzSupport
import TriscaleGraph
import TriscaleInt8

/// One input: an int8 model file (length and checksum recomputed), decoded and
/// validated, then prepared for the int8 runtime (kernel parameters and memory
/// plan) as `triscale evaluate` and the quantize stage do right after reading it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInt8Model(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard
    let model = try? Int8ModelFile.decode(SealedModelBytes.data(bytes, size), path: "fuzz.int8.tsm")
  else { return 0 }
  _ = try? Int8PreparedModel(model: model)
  return 0
}
