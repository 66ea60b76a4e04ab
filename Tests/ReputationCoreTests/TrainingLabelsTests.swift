import Foundation
import ReputationCore
import Testing

/// The labels `score-wallet train` reads: JSON lines or CSV, told apart by content; bad lines name the line and field.
@Suite struct TrainingLabelsTests {
    func read(_ text: String) throws(LabelError) -> TrainingLabels {
        try TrainingLabels(Array(text.utf8), name: "labels")
    }

    @Test func jsonLinesWithBlankLinesAndFoldedAddresses() throws {
        let labels = try read("\n{\"wallet_address\":\"0xAB\",\"label\":1}\n  \n{\"label\":0,\"wallet_address\":\"0xcd\"}\r\n")
        #expect(labels.layout == .jsonLines)
        #expect(labels.labels.count == 2 && labels.duplicates == 0)
        let ab = labels.label(of: "0xab")
        #expect(ab?.address == "0xAB" && ab?.isBot == true && ab?.line == 2)
        #expect(labels.label(of: "0xCD")?.isBot == false)
        #expect(labels.label(of: "0xef") == nil)
    }

    @Test(arguments: ["wallet_address,label\n0xAB,1\n0xcd,0\n", "0xAB,1\r\n0xcd , 0\n", "\u{FEFF}\"0xAB\",\"1\"\n0xcd,0"])
    func csvWithOrWithoutHeader(text: String) throws {
        let labels = try read(text)
        #expect(labels.layout == .csv)
        #expect(labels.labels.count == 2)
        #expect(labels.label(of: "0xab")?.isBot == true && labels.label(of: "0xcd")?.isBot == false)
    }

    @Test(arguments: [
        ("{\"wallet_address\":\"0xa\",\"label\":1}\n{\"wallet_address\":\"0xb\",\"label\":2}\n", "labels line 2: label: expected 0 or 1, got 2"),
        ("{\"wallet_address\":\"0xa\",\"label\":1}\n{\"label\":0}\n", "labels line 2: wallet_address: expected a non-empty string, got nothing"),
        ("{\"wallet_address\":\"0xa\",\"label\":\"1\"}\n", "labels line 1: label: expected 0 or 1, got \"1\""),
        ("{\"wallet_address\":\"0xa\",\"label\":true}\n", "labels line 1: label: expected 0 or 1, got true"),
        ("{\"wallet_address\":\"0xa\",\"label\":1}\n{\"wallet_address\":\"0xb\",\n", "labels line 2: not a JSON object"),
        ("0xa,1\n0xb,yes\n", "labels line 2: label: expected 0 or 1, got \"yes\""),
        ("0xa,1\n0xb\n", "labels line 2: expected 2 fields (wallet_address,label), got 1"),
        ("0xa,1\n,0\n", "labels line 2: wallet_address: expected a wallet address, got nothing"),
        ("0xa,1\nwallet_address,label\n", "labels line 2: label: expected 0 or 1, got \"label\""),
        ("0xa,1\n0xA,0\n", "labels line 2: label: 0xA is labelled 0 here and 1 on line 1"),
    ])
    func badLineNamesLineAndField(text: String, message: String) {
        #expect(throws: LabelError.self) { try read(text) }
        do {
            _ = try read(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func repeatedAddressWithTheSameLabelIsADuplicate() throws {
        let labels = try read("0xa,1\n0xA,1\n0xb,0\n0xb,0\n")
        #expect(labels.labels.count == 2 && labels.duplicates == 2)
        #expect(labels.label(of: "0xa")?.line == 1)
    }
}
