import Foundation
import Hummingbird
import TriscaleCore

/// The HTTP API of `triscale serve` (docs/serving.md):
///
/// - `POST /v1/models/{name}[/versions/{v}|/labels/{alias}]:predict` — TF-Serving style
/// - `POST /v2/models/{name}[/versions/{v}]/infer` — Open Inference Protocol
/// - `GET /v2/health/live`, `GET /v2/health/ready`, `GET /v2/models/{name}`, `GET /v1/models/{name}`
/// - `GET /metrics` — Prometheus text format
/// - `POST /v1/registry/{name}/aliases/{alias}:promote` and `…:rollback`, `POST /v1/reload` —
///   with `Authorization: Bearer TOKEN`
public enum ServeRoutes {
  /// A router serving `server`.
  public static func router(for server: ModelServer) -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: JSONErrorMiddleware())
    let limit = server.settings.maxBodyBytes
    router.post("/v1/models/{name}:predict") { request, context in
      try await predict(
        server, try context.parameters.require("name"), .latest, request, limit, .tfServing)
    }
    router.post("/v1/models/{name}/versions/{version}:predict") { request, context in
      try await predict(
        server, try context.parameters.require("name"), .version(try version(context)), request,
        limit, .tfServing)
    }
    router.post("/v1/models/{name}/labels/{alias}:predict") { request, context in
      try await predict(
        server, try context.parameters.require("name"),
        .alias(try context.parameters.require("alias")), request, limit, .tfServing)
    }
    router.post("/v2/models/{name}/infer") { request, context in
      try await predict(
        server, try context.parameters.require("name"), .latest, request, limit, .openInference)
    }
    router.post("/v2/models/{name}/versions/{version}/infer") { request, context in
      try await predict(
        server, try context.parameters.require("name"), .version(try version(context)), request,
        limit, .openInference)
    }
    router.get("/v2/health/live") { _, _ in json(["live": true]) }
    router.get("/v2/health/ready") { _, _ in
      guard server.isReady else {
        throw ServeError.unavailable("the registry has not been read yet")
      }
      return json(["ready": true])
    }
    router.get("/v2/models/{name}") { _, context in
      try json(metadata(server.model(try context.parameters.require("name"), .latest)))
    }
    router.get("/v1/models/{name}") { _, context in
      let name = try context.parameters.require("name")
      guard RegistryName.isValid(name), let model = try? server.registry.show(name) else {
        throw ServeError.notFound("no model '\(name.prefix(80))'")
      }
      return json([
        "model_version_status": model.versions.map {
          ["version": "\($0.number)", "state": "AVAILABLE", "status": ["error_code": "OK"]]
        }
      ])
    }
    router.get("/v1/models/{name}/drift") { _, context in
      let model = try server.model(try context.parameters.require("name"), .latest)
      guard let drift = model.drift else {
        throw ServeError.notFound(
          "\(model.name) version \(model.version) has no drift reference on its card (triscale monitor reference)"
        )
      }
      let data = try JSONEncoder().encode(drift.current)
      return Response(
        status: .ok, headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
    router.get("/metrics") { _, _ in
      Response(
        status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
        body: .init(byteBuffer: ByteBuffer(string: server.metrics.render())))
    }
    RegistryRoutes.add(to: router, server: server)
    return router
  }

  enum BodyFormat { case tfServing, openInference }

  static func predict(
    _ server: ModelServer, _ name: String, _ selector: VersionSelector, _ request: Request,
    _ limit: Int, _ format: BodyFormat
  ) async throws -> Response {
    var request = request
    let cascade = selector == .latest ? server.settings.cascades.first { $0.name == name } : nil
    let model = try server.model(cascade?.first ?? name, selector)
    let second = try cascade.map { try server.model($0.second, .latest) }
    var version =
      second.map { "\(model.name):\(model.version)+\($0.name):\($0.version)" } ?? "\(model.version)"
    do {
      let bytes = try await ServeRoutes.body(of: &request, limit: limit)
      let limits = RequestImages.Limits(
        shape: model.inputShape, maxImages: server.settings.maxImagesPerRequest)
      let images: RequestImages
      if request.headers[.contentType]?.hasPrefix("application/octet-stream") == true {
        images = try RequestImages.binary(bytes, limits: limits)
      } else {
        images =
          format == .tfServing
          ? try RequestImages.tfServing(bytes, limits: limits)
          : try RequestImages.openInference(bytes, limits: limits)
      }
      let started = DispatchTime.now()
      let probabilities: [Float]
      if let cascade, let second {
        let answer = try await cascade.probabilities(
          first: model, second: second, pixels: images.pixels, count: images.count)
        probabilities = answer.probabilities
        server.metrics.cascade(name: name, images: images.count, escalated: answer.escalated)
        version = answer.escalated == 0 ? "\(model.name):\(model.version)" : version
      } else {
        probabilities = try await model.probabilities(pixels: images.pixels, count: images.count)
      }
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
      let width = model.classCount
      let top = ServedModel.top(probabilities, width: width)
      server.metrics.predictions(model: name, version: version, seconds: seconds, top: top)
      if let drift = model.observe(pixels: images.pixels, confidences: top.map(\.confidence)) {
        server.recordDrift(drift.status, alert: drift.alert, of: model)
      }
      server.metrics.request(model: name, version: version, outcome: "ok")
      let answer =
        format == .tfServing
        ? PredictionJSON.tfServing(
          name: name, version: version, probabilities: probabilities, width: width,
          classes: top.map(\.classIndex))
        : PredictionJSON.openInference(
          name: name, version: version, probabilities: probabilities, width: width)
      var response = Response(
        status: .ok, headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(bytes: answer)))
      response.headers[.init("X-Model-Version")!] = version
      return response
    } catch {
      let status = (error as? ServeError)?.status ?? (error as? HTTPError)?.status.code ?? 400
      server.metrics.request(model: name, version: version, outcome: "\(status)")
      throw error
    }
  }

  /// The request's body, refused with 413 past `limit` bytes.
  static func body(of request: inout Request, limit: Int) async throws -> [UInt8] {
    let tooLarge = ServeError.tooLarge("the body is over this server's \(limit)-byte limit")
    if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
      throw tooLarge
    }
    do { return Array(try await request.collectBody(upTo: limit).readableBytesView) } catch {
      throw tooLarge
    }
  }

  static func version(_ context: BasicRequestContext) throws -> Int {
    guard let version = Int(try context.parameters.require("version")), version > 0 else {
      throw ServeError.notFound("a version is a positive number")
    }
    return version
  }

  static func metadata(_ model: ServedModel) -> [String: Any] {
    [
      "name": model.name, "versions": ["\(model.version)"], "platform": "triscale",
      "architecture": model.card.architecture, "precision": model.card.precision,
      "inputs": [["name": "images", "datatype": "UINT8", "shape": [-1] + model.inputShape]],
      "outputs": [["name": "probabilities", "datatype": "FP32", "shape": [-1, model.classCount]]],
      "classes": model.card.classNames,
    ]
  }

  static func json(_ object: Any, status: HTTPResponse.Status = .ok) -> Response {
    let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
    return Response(
      status: status, headers: [.contentType: "application/json"],
      body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }
}
