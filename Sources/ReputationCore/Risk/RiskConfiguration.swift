/// The risk part of a threshold store's configuration (RISK.md §6): rules, the bot model and the risk lists.
public struct RiskConfiguration: Sendable, Equatable {
    /// The configured rules in order; nil when none is configured (the embedded rules apply).
    public var rules: [RiskRule]?
    /// The configured bot model; nil when none is configured (the embedded model applies).
    public var botModel: BotModel?
    public var lists: RiskLists

    public init(rules: [RiskRule]? = nil, botModel: BotModel? = nil, lists: RiskLists = .empty) {
        self.rules = rules
        self.botModel = botModel
        self.lists = lists
    }

    /// Nothing configured: embedded rules and model, no lists.
    public static let none = RiskConfiguration()

    /// True when nothing is configured.
    public var isEmpty: Bool { rules == nil && botModel == nil && lists.isEmpty }

    /// The rules that apply: the configured ones, else ``RiskRule/embedded``.
    public var effectiveRules: [RiskRule] { rules ?? RiskRule.embedded }

    /// The bot model that applies: the configured one, else ``BotModel/embedded``.
    public var effectiveBotModel: BotModel { botModel ?? .embedded }

    /// Reads the risk documents of a store.
    /// - Parameters:
    ///   - thresholds: the thresholds collection (or file list); its `dexes` documents with a `rule` field are the
    ///     rules (in the order given: a store passes them in ascending `_id`), one with a `model` field is the bot model.
    ///   - botModel: the file's `bot_model` document, if any.
    ///   - riskLists: the risk-list entries.
    /// - Throws: ``ThresholdDocumentError`` naming the document and the field (and the rule, for a rule).
    public init(thresholds: [DocumentValue], botModel: DocumentValue? = nil,
                riskLists: [DocumentValue] = []) throws(ThresholdDocumentError) {
        var rules: [RiskRule] = []
        var model: BotModel?
        var modelFrom = "the file's bot_model"
        if let botModel {
            do { model = try BotModel(document: botModel) } catch {
                throw ThresholdDocumentError(document: "bot_model", field: error.field, problem: error.problem)
            }
        }
        for (index, document) in thresholds.enumerated() where Self.isRiskDocument(document) {
            let at = DocumentReference(collection: "thresholds", index: index, document: document)
            if document["rule"] != nil {
                do { rules.append(try RiskRule(document: document)) } catch {
                    let rule = error.rule.map { "rule \(FoundValue.quoted($0)): " } ?? ""
                    throw at.error(error.field, rule + error.problem)
                }
            } else {
                if model != nil { throw at.error("model", "a second bot model (the first is \(modelFrom))") }
                do { model = try BotModel(document: document) } catch {
                    throw at.error(error.field, error.problem)
                }
                modelFrom = at.name
            }
        }
        var entries: [RiskListEntry] = []
        entries.reserveCapacity(riskLists.count)
        for (index, document) in riskLists.enumerated() {
            entries.append(try RiskListEntry(document: document, index: index))
        }
        self.init(rules: rules.isEmpty ? nil : rules, botModel: model, lists: RiskLists(entries: entries))
    }

    /// Reads the rule and bot-model documents as ``init(thresholds:botModel:riskLists:)`` does, with the
    /// risk-list entries already read (a store that decodes them itself, see ``RiskListEntry/init(fields:kind:value:severity:category:)``).
    public init(thresholds: [DocumentValue], botModel: DocumentValue? = nil,
                riskListEntries: [RiskListEntry]) throws(ThresholdDocumentError) {
        let documents = try RiskConfiguration(thresholds: thresholds, botModel: botModel)
        self.init(rules: documents.rules, botModel: documents.botModel, lists: RiskLists(entries: riskListEntries))
    }

    /// The configuration as thresholds-file members that load back to an equal configuration: the rule
    /// documents (for `thresholds`, after the `dex-v1` documents), the `bot_model` document and the
    /// `risk_lists` entries. Nothing for what is not configured (the embedded rules and model apply).
    public var fileMembers: (thresholds: [DocumentValue], botModel: DocumentValue?, riskLists: [DocumentValue]) {
        (rules?.map(\.document) ?? [], botModel?.document, lists.entries.map(\.document))
    }

    /// A `dexes` thresholds document of the risk layer: a rule (`rule` field) or a bot model (`model` field).
    static func isRiskDocument(_ document: DocumentValue) -> Bool {
        guard case .string("dexes")? = document["protocolType"] else { return false }
        return document["rule"] != nil || document["model"] != nil
    }

    /// The text `parameters_id` hashes beside the `dex-v1` parameters: the effective rules and bot model
    /// (the embedded ones by value, so that configuring them explicitly changes nothing) and the lists.
    var canonicalText: String {
        var text = effectiveRules.map(\.canonicalText).joined()
        text += effectiveBotModel.canonicalText
        let digest = String(lists.digest, radix: 16)
        text += "risk_lists=\(lists.entries.count):\(digest)\n"
        return text
    }
}

extension RiskListEntry {
    /// The entry as a `risk_lists` document.
    public var document: DocumentValue {
        .object(["list": .string(list), "kind": .string(kind.rawValue), "value": .string(value),
                 "severity": .string(severity.rawValue), "category": .string(category)])
    }

    /// Reads the entry document at `index` of a store's risk lists.
    /// - Throws: ``ThresholdDocumentError`` naming the document (`_id`, else its position) and the field.
    public init(document: DocumentValue, index: Int) throws(ThresholdDocumentError) {
        do { try self.init(document: document) } catch {
            throw DocumentReference(collection: "risk-lists", index: index, document: document).error(error.field, error.problem)
        }
    }

    /// An entry from its five fields as a store holds them, without building a document: nil when one of
    /// them is not valid (then read the whole document with ``init(document:index:)`` to learn why).
    public init?(fields list: String, kind: String, value: String, severity: String, category: String) {
        guard !list.isEmpty, !value.isEmpty, let kind = RiskListKind(rawValue: kind),
              let severity = RiskSeverity(rawValue: severity) else { return nil }
        self.init(list: list, kind: kind, value: value, severity: severity, category: category)
    }

    /// Reads a list entry document; the error names the field.
    init(document: DocumentValue) throws(ListEntryError) {
        guard case .object = document else { throw ListEntryError(field: "", problem: "expected a document, got \(document)") }
        func text(_ field: String) throws(ListEntryError) -> String {
            guard case .string(let text)? = document[field] else {
                throw ListEntryError(field: field, problem: "expected a string, got \(document[field]?.description ?? "nothing")")
            }
            return text
        }
        let list = try text("list"), kindName = try text("kind"), value = try text("value")
        let severityName = try text("severity"), category = try text("category")
        guard !list.isEmpty else { throw ListEntryError(field: "list", problem: "expected a non-empty list name") }
        guard !value.isEmpty else { throw ListEntryError(field: "value", problem: "expected a non-empty value") }
        guard let kind = RiskListKind(rawValue: kindName) else {
            throw ListEntryError(field: "kind", problem: "expected wallet, pool or token, got \(FoundValue.quoted(kindName))")
        }
        guard let severity = RiskSeverity(rawValue: severityName) else {
            throw ListEntryError(field: "severity", problem: "expected low, medium, high or severe, got \(FoundValue.quoted(severityName))")
        }
        self.init(list: list, kind: kind, value: value, severity: severity, category: category)
    }
}

/// A risk-list entry document that cannot be used: the field and the problem.
struct ListEntryError: Error {
    var field: String
    var problem: String
}

extension ThresholdConfiguration {
    /// `parameters_id`: a short stable hash of the whole effective configuration. When the effective risk
    /// configuration is the embedded one (embedded rules and bot model, no lists), configured or not, it is
    /// ``ScoringParameters/id`` (the ids results carried before risk-v1); otherwise a hash of that id and the
    /// effective risk configuration, equal for equal configuration whatever the store.
    public var parametersID: String {
        guard !risk.isEmpty, risk.canonicalText != RiskConfiguration.none.canonicalText else { return parameters.id }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in "dex-v1=\(parameters.id)\n\(risk.canonicalText)".utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
