// The Tổng hợp tab's session without a DOM: files chosen and removed one by one, reading with its
// progress and cancel, results kept for the files still chosen, options that recompute the merge.
import { Submission } from "../src/domain/merge/model";
import { msg } from "../src/domain/messages";
import { ChosenFile, currentOutcome, initialSession, mergeSession, MergeAction, MergeSession, Outcome } from "../src/taskpane/mergeSession";
import type { ReadFiles } from "../src/xlsx/mergeFiles";

const file = (name: string, size = 100): ChosenFile => ({ name, size, lastModified: 1 });
const run = (actions: MergeAction[], from: MergeSession = initialSession()) => actions.reduce(mergeSession, from);
const submission = (name: string) => ({ file: name }) as Submission;
const readOf = (...names: string[]): ReadFiles => ({
  cancelled: false,
  read: names.length,
  submissions: names.filter((n) => n.endsWith(".xlsx")).map(submission),
  rejected: names.filter((n) => !n.endsWith(".xlsx")).map((n) => ({ file: n, reason: msg(`${n}: hỏng`, `${n}: damaged`) })),
});

describe("the merge session", () => {
  it("adds files once, whatever how often they are chosen or dropped", () => {
    const s = run([
      { type: "add", files: [file("a.xlsx"), file("b.xlsx"), file("a.xlsx")] },
      { type: "add", files: [file("b.xlsx"), file("c.xlsx")] },
    ]);
    expect(s.files.map((f) => f.name)).toEqual(["a.xlsx", "b.xlsx", "c.xlsx"]);
    // Same name, another file (another folder): both are kept.
    expect(run([{ type: "add", files: [file("a.xlsx", 200)] }], s).files).toHaveLength(4);
  });

  it("removes one file, keeping what was read of the others so that they merge again without being read", () => {
    const read = readOf("a.xlsx", "b.xlsx", "c.csv");
    const s = run([
      { type: "add", files: [file("a.xlsx"), file("b.xlsx"), file("c.csv")] },
      { type: "read", files: read },
      { type: "remove", index: 1 },
    ]);
    expect(s.files.map((f) => f.name)).toEqual(["a.xlsx", "c.csv"]);
    expect(s.read).toEqual({ cancelled: false, read: 2, submissions: [submission("a.xlsx")], rejected: read.rejected });
    const last = run(
      [
        { type: "remove", index: 1 },
        { type: "remove", index: 0 },
      ],
      s,
    );
    expect(last.files).toEqual([]);
    expect(last.read).toBeUndefined();
  });

  it("drops the results when a removed file shares its name with another one, or when files are added", () => {
    const withTwins = run([
      { type: "add", files: [file("a.xlsx"), file("a.xlsx", 5), file("b.xlsx")] },
      { type: "read", files: readOf("a.xlsx", "a.xlsx", "b.xlsx") },
    ]);
    expect(run([{ type: "remove", index: 0 }], withTwins).read).toBeUndefined();
    const added = run([{ type: "add", files: [file("c.xlsx")] }], withTwins);
    expect([added.read, added.outcome]).toEqual([undefined, undefined]);
  });

  it("follows the reading: progress, stop, cancelled; no file is removed while reading", () => {
    let s = run([
      { type: "add", files: [file("a.xlsx"), file("b.xlsx")] },
      { type: "reading", index: 0, total: 2, file: "a.xlsx" },
    ]);
    expect(s.phase).toEqual({ kind: "reading", index: 0, total: 2, file: "a.xlsx" });
    expect(run([{ type: "remove", index: 0 }], s).files).toHaveLength(2);
    s = run([{ type: "reading", index: 1, total: 2, file: "b.xlsx" }, { type: "stop" }, { type: "cancelled", read: 1, total: 2 }], s);
    expect([s.phase, s.stopping]).toEqual([{ kind: "cancelled", read: 1, total: 2 }, true]);
    // Starting again clears the stop and the old results.
    expect(run([{ type: "reading", index: 0, total: 2, file: "a.xlsx" }], s).stopping).toBe(false);
  });

  it("offers the merge only while it was computed from what is read now, with the options chosen now", () => {
    const read = readOf("a.xlsx");
    let s = run([
      { type: "add", files: [file("a.xlsx")] },
      { type: "read", files: read },
    ]);
    const outcome: Outcome = { files: read, excludeFlagged: false, roster: undefined };
    s = run([{ type: "merged", outcome }], s);
    expect(currentOutcome(s)).toBe(outcome);
    expect(currentOutcome(run([{ type: "excludeFlagged", value: true }], s))).toBeUndefined();
    expect(currentOutcome(run([{ type: "roster", roster: { file: "ds.txt", names: ["X"] } }], s))).toBeUndefined();
    expect(currentOutcome(run([{ type: "clear" }], s))).toBeUndefined();
  });

  it("remembers the summary written for the merge it was written from, and asks before replacing", () => {
    const read = readOf("a.xlsx");
    const outcome: Outcome = { files: read, excludeFlagged: false, roster: undefined };
    let s = run([
      { type: "add", files: [file("a.xlsx")] },
      { type: "read", files: read },
      { type: "merged", outcome },
      { type: "writing" },
    ]);
    expect(s.writing).toBe(true);
    s = run([{ type: "askReplace", sheets: ["Phụ lục"] }], s);
    expect([s.writing, s.askReplace]).toEqual([false, ["Phụ lục"]]);
    s = run([{ type: "closeReplace" }, { type: "writing" }, { type: "written", sheets: ["Phụ lục", "Nguồn tổng hợp"], notes: [] }], s);
    expect(s.written).toEqual({ for: outcome, sheets: ["Phụ lục", "Nguồn tổng hợp"], notes: [] });
  });
});
