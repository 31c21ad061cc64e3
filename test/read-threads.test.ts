// What a reading thread sends for each file (src/cli/readFiles.ts packs a submission's values as columns)
// must be the submission itself once the main thread unpacks it, whatever the values are.
import fc from "fast-check";
import { deserialize, serialize } from "node:v8";
import { packOutcome, unpackOutcome } from "../src/cli/readFiles";
import { Submission } from "../src/domain/merge/model";
import { ParsedValue } from "../src/domain/values";
import { builtInRegistry } from "../src/templates";

const registry = builtInRegistry();
const codes = registry.get("quang-ngai-2021").indicators.map((ind) => ind.code);
const cross = (outcome: Parameters<typeof packOutcome>[0]) =>
  unpackOutcome(deserialize(serialize(packOutcome(outcome, registry))) as ReturnType<typeof packOutcome>, registry);

const parsedValue: fc.Arbitrary<ParsedValue> = fc.oneof(
  fc.record({ status: fc.constant("value" as const), value: fc.double({ noNaN: true }) }),
  fc.record({ status: fc.constant("value" as const), value: fc.integer(), outOf: fc.integer() }),
  fc.record({ status: fc.constant("text" as const), text: fc.string() }),
  fc.constant({ status: "missing" as const }),
  fc.constant({ status: "notApplicable" as const }),
  fc.record({ status: fc.constant("invalid" as const), raw: fc.string(), reason: fc.record({ vi: fc.string(), en: fc.string() }) }),
);

// Most cells on the submission's sheet, some elsewhere (a retyped form's), some odd.
const cell = (sheet: string) =>
  fc.oneof(
    fc.stringMatching(/^[A-Z]{1,3}[1-9]\d{0,4}$/).map((a) => `${sheet}!${a}`),
    fc.string().map((a) => `Khác!${a}`),
    fc.string(),
  );

const submission = fc.string({ minLength: 1 }).chain((sheetName) =>
  fc.record({
    sheetName: fc.constant(sheetName),
    // The template's codes and others (a code the template does not have crosses as it is).
    values: fc.uniqueArray(
      fc.tuple(fc.oneof(fc.constantFrom(...codes), fc.string()), fc.record({ parsed: parsedValue, cell: cell(sheetName) })),
      {
        selector: ([code]) => code,
      },
    ),
    aggregates: fc.option(
      fc.uniqueArray(fc.tuple(fc.string(), fc.record({ method: fc.string(), n: fc.integer() })), { selector: ([c]) => c }),
      {
        nil: undefined,
      },
    ),
  }),
);

type Generated = {
  sheetName: string;
  values: [string, { parsed: ParsedValue; cell: string }][];
  aggregates: [string, { method: string; n: number }][] | undefined;
};

function asSubmission({ sheetName, values, aggregates }: Generated): Submission {
  return {
    file: "xa-001.xlsx",
    readAs: "workbook",
    sheetName,
    templateId: "quang-ngai-2021",
    templateVersion: "1",
    period: "2021-Y",
    unitName: "UBND xã Đức Lợi",
    kind: aggregates ? "summary" : "submission",
    values: new Map(values),
    ...(aggregates ? { aggregates: new Map(aggregates) } : {}),
    units: ["UBND xã Đức Lợi"],
    counts: { error: 1, warning: 0, info: 2 },
    stamp: "none",
    notes: [],
  };
}

describe("a submission read on a worker thread", () => {
  it("reaches the main thread as it was read: every value, its kind and its cell, in order", () => {
    fc.assert(
      fc.property(submission, (generated) => {
        const read = asSubmission(generated);
        const crossed = cross({ submission: read });
        expect(crossed).toEqual({ submission: read });
        if (!("submission" in crossed)) throw new Error("not a submission");
        expect([...crossed.submission.values.keys()]).toEqual([...read.values.keys()]);
      }),
    );
  });

  it("keeps -0 and a rejected file as they are", () => {
    const read = asSubmission({
      sheetName: "Phụ lục",
      values: [["1.1", { parsed: { status: "value", value: -0 }, cell: "Phụ lục!D9" }]],
      aggregates: undefined,
    });
    const crossed = cross({ submission: read });
    expect("submission" in crossed && Object.is((crossed.submission.values.get("1.1")!.parsed as { value: number }).value, -0)).toBe(true);
    const rejected = { rejected: { file: "hỏng.xlsx", reason: { vi: "hỏng", en: "broken" }, otherForm: true } };
    expect(cross(rejected)).toEqual(rejected);
  });
});
