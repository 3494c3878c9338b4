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
  /// The communicator of this one process.
  public init() {}
  /// Always 0.
  public var rank: Int { 0 }
  /// Always 1.
  public var size: Int { 1 }
  /// Leaves `store` as it is: the mean over one rank.
  public func average(_ store: inout ParameterStore) throws {}
  /// Leaves `values` as they are: the sum over one rank.
  public func sum(_ values: inout [Double]) throws {}
  /// Returns at once.
  public func barrier() throws {}
}
