import TriscaleGraph

/// How the processes of a data-parallel training run share their work.
///
/// Every rank trains on its own shard of each batch; after the backward pass
/// the gradients are averaged across ranks so every rank applies the same
/// update and the weights stay identical everywhere.
public protocol Communicator: AnyObject {
  /// This process's index, 0..<size.
  var rank: Int { get }
  /// Number of processes.
  var size: Int { get }
  /// Replaces every tensor of `store` by its mean over all ranks.
  func average(_ store: inout ParameterStore) throws
  /// Replaces `values` by their element-wise sum over all ranks.
  func sum(_ values: inout [Double]) throws
  /// Returns once every rank has called it.
  func barrier() throws
}

/// The communicator of an ordinary single-process run: every operation is the identity.
public final class SingleProcess: Communicator {
  public init() {}
  public var rank: Int { 0 }
  public var size: Int { 1 }
  public func average(_ store: inout ParameterStore) throws {}
  public func sum(_ values: inout [Double]) throws {}
  public func barrier() throws {}
}
