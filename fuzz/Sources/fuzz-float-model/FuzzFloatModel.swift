import FuzzSupport
import TriscaleGraph

/// One input: a float model file (checksum recomputed), decoded and validated
/// as `triscale evaluate`, `export` and every stage read one.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFloatModel(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  _ = try? ModelFile.decode(SealedModelBytes.data(bytes, size), path: "fuzz.tsm")
  return 0
}
