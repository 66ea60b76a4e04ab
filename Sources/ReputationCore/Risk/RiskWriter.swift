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
        raw("{\"model_version\":"); if r.modelVersion == RiskAssessment.version { raw("\"risk-v1\"") } else { string(r.modelVersion) }
        raw(",\"decision\":")
        switch r.decision {
        case .approved: raw("\"APPROVED\"")
        case .review: raw("\"REVIEW\"")
        case .declined: raw("\"DECLINED\"")
        }
        raw(",\"risk_score\":"); uniqueReal(r.riskScore)
        raw(",\"confidence\":")
        switch r.confidence {
        case .insufficient: raw("\"insufficient\"")
        case .low: raw("\"low\"")
        case .medium: raw("\"medium\"")
        case .high: raw("\"high\"")
        }
        raw(",\"bot_probability\":"); uniqueReal(r.botProbability)
        raw(",\"bot_model\":"); string(r.botModel)
        raw(",\"bot_reasons\":[")
        // By index, not by element: a copied element retains its strings.
        for i in r.botReasons.indices {
            if i > 0 { raw(",") }
            raw("{\"feature\":"); string(r.botReasons[i].feature)
            raw(",\"value\":"); real(r.botReasons[i].value)
            raw(",\"contribution\":"); uniqueReal(r.botReasons[i].contribution)
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
