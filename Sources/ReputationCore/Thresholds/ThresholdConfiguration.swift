/// What a threshold store yields: the effective parameters (stable tokens included), optionally the
/// population percentile table of `final_score`, and the risk configuration (RISK.md §6).
public struct ThresholdConfiguration: Sendable, Equatable {
    public var parameters: ScoringParameters
    public var percentiles: PercentileTable?
    /// Risk rules, bot model and lists; ``RiskConfiguration/none`` when the store has none.
    public var risk = RiskConfiguration.none

    public init(parameters: ScoringParameters = .defaults, percentiles: PercentileTable? = nil) {
        self.parameters = parameters
        self.percentiles = percentiles
    }

    /// The embedded defaults of MODEL.md §7, with no percentile table.
    public static let defaults = ThresholdConfiguration()

    /// Builds the configuration from the documents of MODEL.md §7: token documents and `dexes`
    /// threshold documents (parameter overrides and the `final_score` percentile table), and the risk
    /// documents of RISK.md §6 (rule and bot-model documents among the thresholds, the file's `bot_model`,
    /// the risk-list entries).
    /// - Throws: ``ThresholdDocumentError`` naming the document and the field.
    public init(tokens: [DocumentValue], thresholds: [DocumentValue], botModel: DocumentValue? = nil,
                riskLists: [DocumentValue] = []) throws(ThresholdDocumentError) {
        try self.init(dexTokens: tokens, thresholds: thresholds)
        risk = try RiskConfiguration(thresholds: thresholds, botModel: botModel, riskLists: riskLists)
    }

    /// As ``init(tokens:thresholds:botModel:riskLists:)``, with the risk-list entries already read (a store
    /// that decodes a million entries without a ``DocumentValue`` each, see ``RiskListEntry/init(fields:kind:value:severity:category:)``).
    public init(tokens: [DocumentValue], thresholds: [DocumentValue], botModel: DocumentValue? = nil,
                riskListEntries: [RiskListEntry]) throws(ThresholdDocumentError) {
        try self.init(dexTokens: tokens, thresholds: thresholds)
        risk = try RiskConfiguration(thresholds: thresholds, botModel: botModel, riskListEntries: riskListEntries)
    }

    /// The `dex-v1` part: stable tokens, parameter overrides and the percentile table.
    private init(dexTokens tokens: [DocumentValue], thresholds: [DocumentValue]) throws(ThresholdDocumentError) {
        var parameters = ScoringParameters.defaults
        var stable: [String] = []
        for (index, document) in tokens.enumerated() {
            let at = DocumentReference(collection: "tokens", index: index, document: document)
            guard case .object = document else { throw at.error("", "expected a document, got \(document)") }
            switch document["stable"] {
            case nil, .null?, .bool(false)?: continue
            case .bool(true)?:
                guard case .string(let symbol)? = document["symbol"], !symbol.isEmpty else {
                    throw at.error("symbol", "expected a non-empty string for a stable token, got \(document["symbol"]?.description ?? "nothing")")
                }
                stable.append(symbol)
            case let other?: throw at.error("stable", "expected true or false, got \(other)")
            }
        }
        if !stable.isEmpty { parameters.stableTokens = Set(stable) }

        var setBy: [String: String] = [:]
        var percentiles: PercentileTable?
        for (index, document) in thresholds.enumerated() {
            let at = DocumentReference(collection: "thresholds", index: index, document: document)
            guard case .object = document else { throw at.error("", "expected a document, got \(document)") }
            guard case .string("dexes")? = document["protocolType"] else { continue }   // other models' documents
            if RiskConfiguration.isRiskDocument(document) { continue }   // read by RiskConfiguration below
            if let name = document["parameter"] {
                guard case .string(let name) = name else { throw at.error("parameter", "expected a parameter name, got \(name)") }
                if let other = setBy[name] { throw at.error("parameter", "\(name) is already set by \(other)") }
                setBy[name] = at.name
                try Self.apply(name, document["value"], to: &parameters, at)
            } else if let metric = document["metric"] {
                guard case .string("final_score") = metric else { throw at.error("metric", "expected \"final_score\", got \(metric)") }
                if percentiles != nil { throw at.error("metric", "a second final_score percentile table") }
                percentiles = try Self.table(document["percentiles"], at)
            } else {
                throw at.error("", "expected a \"parameter\" or a \"metric\" field")
            }
        }
        self.init(parameters: parameters, percentiles: percentiles)
    }

    private static func apply(_ name: String, _ value: DocumentValue?, to parameters: inout ScoringParameters,
                              _ at: DocumentReference) throws(ThresholdDocumentError) {
        if let scalar = ScoringParameters.names.first(where: { $0.name == name }) {
            guard case .number(let number)? = value, number.isFinite else {
                throw at.error("value", "expected a finite number for \(name), got \(value?.description ?? "nothing")")
            }
            parameters[keyPath: scalar.keyPath] = number
        } else if let band = ScoringParameters.bandNames.first(where: { $0.name == name }) {
            guard case .array(let items)? = value else {
                throw at.error("value", "expected an array of \(band.count) numbers for \(name), got \(value?.description ?? "nothing")")
            }
            let numbers = items.compactMap { if case .number(let n) = $0, n.isFinite { n } else { nil } }
            guard numbers.count == items.count, numbers.count == band.count else {
                throw at.error("value", "expected an array of \(band.count) numbers for \(name), got \(items.count) values")
            }
            parameters[keyPath: band.keyPath] = numbers
        } else {
            throw at.error("parameter", "unknown parameter \(FoundValue.quoted(name))")
        }
    }

    private static func table(_ value: DocumentValue?, _ at: DocumentReference) throws(ThresholdDocumentError) -> PercentileTable {
        guard case .object(let fields)? = value else {
            throw at.error("percentiles", "expected an object of pN: score, got \(value?.description ?? "nothing")")
        }
        var points: [(percentile: Double, score: Double)] = []
        for (key, score) in fields {
            guard key.hasPrefix("p"), let percentile = Double(key.dropFirst()), percentile >= 0, percentile <= 100 else {
                throw at.error("percentiles.\(key)", "expected a key p0 … p100")
            }
            guard case .number(let number) = score, number.isFinite else {
                throw at.error("percentiles.\(key)", "expected a finite number, got \(score)")
            }
            points.append((percentile, number))
        }
        do {
            return try PercentileTable(points: points)
        } catch {
            throw at.error("percentiles", "scores must increase with the percentile: \(error)")
        }
    }

    /// The configuration as a JSON thresholds file (`{"tokens": […], "thresholds": […]}`) that loads back to
    /// exactly these parameters: every parameter is written, so the file does not depend on the defaults.
    /// The risk configuration follows (RISK.md §6): its rule documents after the `dex-v1` documents in
    /// `thresholds`, `bot_model` and `risk_lists` when configured; the file then has the same `parameters_id`.
    public var thresholdsFile: [String: DocumentValue] {
        let tokens = parameters.stableTokens.sorted { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }
            .map { DocumentValue.object(["symbol": .string($0), "stable": .bool(true)]) }
        var thresholds: [DocumentValue] = ScoringParameters.names.map { name, keyPath in
            .object(["protocolType": .string("dexes"), "parameter": .string(name), "value": .number(parameters[keyPath: keyPath])])
        }
        thresholds += ScoringParameters.bandNames.map { name, keyPath, _ in
            .object(["protocolType": .string("dexes"), "parameter": .string(name),
                     "value": .array(parameters[keyPath: keyPath].map(DocumentValue.number))])
        }
        if let percentiles {
            var table: [String: DocumentValue] = [:]
            for point in percentiles.points {
                table[PercentileTable.key(point.percentile)] = .number(point.score)
            }
            thresholds.append(.object(["protocolType": .string("dexes"), "metric": .string("final_score"), "percentiles": .object(table)]))
        }
        let risk = risk.fileMembers
        var file: [String: DocumentValue] = ["tokens": .array(tokens), "thresholds": .array(thresholds + risk.thresholds)]
        if let model = risk.botModel { file["bot_model"] = model }
        if !risk.riskLists.isEmpty { file["risk_lists"] = .array(risk.riskLists) }
        return file
    }
}

/// A threshold document that cannot be used: names the document (`_id`, else its position) and the field.
public struct ThresholdDocumentError: Error, Equatable, CustomStringConvertible {
    public var document: String
    public var field: String
    public var problem: String

    public var description: String {
        field.isEmpty ? "\(document): \(problem)" : "\(document), field \(field): \(problem)"
    }
}

/// Names a document in errors: `thresholds document _id "abc"`, or its position when it has no `_id`.
struct DocumentReference {
    let name: String

    init(collection: String, index: Int, document: DocumentValue) {
        switch document["_id"] {
        case .string(let id)?: name = "\(collection) document _id \(FoundValue.quoted(id))"
        case .object(let fields)? where fields.count == 1:   // MongoDB extended JSON: {"$oid": "…"}
            if case .string(let oid)? = fields["$oid"] {
                name = "\(collection) document _id ObjectId(\(FoundValue.quoted(oid)))"
            } else {
                name = "\(collection)[\(index)]"
            }
        case let id? where id != .null: name = "\(collection) document _id \(id)"
        default: name = "\(collection)[\(index)] (no _id)"
        }
    }

    func error(_ field: String, _ problem: String) -> ThresholdDocumentError {
        ThresholdDocumentError(document: name, field: field, problem: problem)
    }
}
