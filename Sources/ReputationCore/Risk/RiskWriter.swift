/// Writes the `risk` object in the wire format of RISK.md §5: keys in a fixed order, counts as integers,
/// every other number as Python's `repr` (MODEL.md §5), rule thresholds without a fraction when whole.
public enum RiskWriter {
    /// Appends `,"risk":{…}`, the member a success result carries after `categories`.
    public static func appendMember(_ risk: RiskAssessment, to out: inout [UInt8]) {
        JSONWriter.write(to: &out) { $0.riskMember(risk) }
    }

    /// Appends the `risk` object alone (`{"model_version":"risk-v1",…}`).
    public static func append(_ risk: RiskAssessment, to out: inout [UInt8]) {
        JSONWriter.write(to: &out) { $0.assessment(risk) }
    }

    /// The `risk` object as JSON text.
    public static func json(_ risk: RiskAssessment) -> String {
        var out: [UInt8] = []
        append(risk, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// The risk object, written with the result writer's JSON primitives.
extension JSONWriter {
    /// `,"risk":{…}`.
    mutating func riskMember(_ r: RiskAssessment) {
        raw(",\"risk\":")
        assessment(r)
    }

    mutating func assessment(_ r: RiskAssessment) {
        // Literals joined across members where the value is one of a few (one copy instead of three).
        if r.modelVersion == RiskAssessment.version {
            switch r.decision {
            case .approved: raw("{\"model_version\":\"risk-v1\",\"decision\":\"APPROVED\",\"risk_score\":")
            case .review: raw("{\"model_version\":\"risk-v1\",\"decision\":\"REVIEW\",\"risk_score\":")
            case .declined: raw("{\"model_version\":\"risk-v1\",\"decision\":\"DECLINED\",\"risk_score\":")
            }
        } else {
            raw("{\"model_version\":"); string(r.modelVersion)
            raw(",\"decision\":"); string(r.decision.rawValue); raw(",\"risk_score\":")
        }
        real(r.riskScore)
        switch r.confidence {
        case .insufficient: raw(",\"confidence\":\"insufficient\",\"bot_probability\":")
        case .low: raw(",\"confidence\":\"low\",\"bot_probability\":")
        case .medium: raw(",\"confidence\":\"medium\",\"bot_probability\":")
        case .high: raw(",\"confidence\":\"high\",\"bot_probability\":")
        }
        real(r.botProbability)
        raw(",\"bot_model\":"); string(r.botModel)
        raw(",\"bot_reasons\":[")
        // By index, not by element: a copied element retains its strings.
        for i in r.botReasons.indices {
            if i > 0 { raw(",") }
            raw("{\"feature\":"); string(r.botReasons[i].feature)
            raw(",\"value\":"); real(r.botReasons[i].value)
            raw(",\"contribution\":"); real(r.botReasons[i].contribution)
            raw("}")
        }
        let f = r.features
        raw("],\"features\":{\"tx_last_1h\":"); int(f.txLast1h)
        raw(",\"tx_last_24h\":"); int(f.txLast24h)
        raw(",\"max_tx_per_hour\":"); int(f.maxTxPerHour)
        raw(",\"mean_gap_hours\":"); real(f.meanGapHours)
        raw(",\"burstiness\":"); real(f.burstiness)
        raw(",\"hour_entropy\":"); real(f.hourEntropy)
        raw(",\"pool_concentration\":"); real(f.poolConcentration)
        raw(",\"swap_share\":"); real(f.swapShare)
        raw("},\"flags\":[")
        for i in r.flags.indices {
            if i > 0 { raw(",") }
            raw("{\"list\":"); string(r.flags[i].list)
            raw(",\"kind\":"); string(r.flags[i].kind.rawValue)
            raw(",\"value\":"); string(r.flags[i].value)
            raw(",\"severity\":"); string(r.flags[i].severity.rawValue)
            raw(",\"category\":"); string(r.flags[i].category)
            raw(",\"transactions\":"); int(r.flags[i].transactions)
            raw(",\"exposure_usd\":"); real(r.flags[i].exposureUSD)
            raw(",\"exposure_share\":"); real(r.flags[i].exposureShare)
            raw("}")
        }
        raw("],\"reasons\":[")
        for (i, reason) in r.reasons.enumerated() {
            if i > 0 { raw(",") }
            raw("{\"rule\":"); string(reason.rule)
            raw(",\"metric\":"); string(reason.metric.rawValue)
            raw(",\"op\":"); string(reason.op.rawValue)
            raw(",\"threshold\":"); number(reason.threshold)
            raw(",\"value\":"); number(reason.value)
            switch reason.outcome {
            case .review: raw(",\"outcome\":\"REVIEW\"")
            case .declined: raw(",\"outcome\":\"DECLINED\"")
            }
            raw("}")
        }
        raw("]}")
    }
}
