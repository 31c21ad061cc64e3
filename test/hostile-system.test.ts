// Hostile input (issue 11), around the files rather than in them: output paths the system refuses, inputs
// that vanish or loop, Excel's lock files, and the text files people hand over (a template's JSON, a roster)
// in every encoding and shape an editor produces. Each is one message naming the path and what to do.
import { readFileSync } from "node:fs";
import path from "node:path";
import quangNgai from "../src/templates/quang-ngai-2021.json";
import { HostileCase, report, runCase, utf16 } from "./support/hostile";
import { randomBytes } from "./support/receivedFiles";

const GOOD = () => report("UBND huyện Tốt");
const mergeTo = (out: string, ...more: string[]) => ["merge", "nhan", "--out", out, "--unit", "UBND tỉnh", ...more];
const GOOD_FOLDER = () => ({ "nhan/tot.xlsx": GOOD() });

/** A merge of a good report whose output path is refused: nothing written, the path named. */
function outCase(name: string, out: string, files: HostileCase["files"] = GOOD_FOLDER, extra: Partial<HostileCase> = {}): HostileCase {
  return { name: `merge --out ${name}`, files, argv: mergeTo(out), code: 2, names: [out], ...extra };
}

// ---- template files ----

const template = (edit: (t: typeof quangNgai) => unknown = (t) => t) =>
  JSON.stringify(edit(structuredClone({ ...quangNgai, id: "cua-toi" })));
const withRule = (expression: string) => template((t) => ({ ...t, rules: [{ ...t.rules[0], id: "x", expression }] }));
const templateCheck = (
  name: string,
  content: () => string | Uint8Array | Record<string, never>,
  code: 0 | 2,
  extra: Partial<HostileCase> = {},
): HostileCase => ({
  name: `templates --check: ${name}`,
  files: () => ({ "mau.json": content() as string }),
  argv: ["templates", "--check", "mau.json"],
  code,
  names: ["mau.json"],
  ...extra,
});

// ---- rosters ----

const NAMES = ["UBND huyện Tốt", "UBND xã Hòa Bình", "Sở Y tế"];
/** merge --roster over a good report: the roster's three units expected, one received. */
const rosterCase = (name: string, bytes: () => Uint8Array | string, extra: Partial<HostileCase> = {}): HostileCase => ({
  name: `merge --roster: ${name}`,
  files: () => ({ ...GOOD_FOLDER(), "ds.txt": bytes() }),
  argv: mergeTo("tong-hop.xlsx", "--roster", "ds.txt"),
  code: 0,
  names: ["UBND xã Hòa Bình", "Sở Y tế"],
  says: { vi: /phải báo cáo 3, đã gửi 1 /, en: /expected 3, received 1 / },
  ...extra,
});
const rosterRefused = (name: string, bytes: () => Uint8Array | string, says?: HostileCase["says"]): HostileCase =>
  rosterCase(name, bytes, { code: 2, names: ["ds.txt"], says });

const CASES: HostileCase[] = [
  // ---- output paths ----
  outCase("a folder", "ra", () => ({ ...GOOD_FOLDER(), "ra/.keep": "" }), { says: { vi: /thư mục/, en: /folder/ } }),
  outCase("the input folder itself", "nhan"),
  outCase("under /proc", "/proc/self/tong-hop.xlsx"),
  outCase("under a path whose parent is a file", "ghi-chu.txt/tong-hop.xlsx", () => ({ ...GOOD_FOLDER(), "ghi-chu.txt": "x" })),
  outCase("with a 300-character name", `${"t".repeat(300)}.xlsx`),
  outCase("an existing file, without --force (it stays as it was)", "cu.xlsx", () => ({ ...GOOD_FOLDER(), "cu.xlsx": "bản cũ" }), {
    says: { vi: /--force/, en: /--force/ },
  }),
  {
    ...outCase("a FIFO, with --force", "ong.xlsx", () => ({ ...GOOD_FOLDER(), "ong.xlsx": { fifo: true } })),
    argv: mergeTo("ong.xlsx", "--force"),
  },
  {
    ...outCase("a symlink to /dev/full, with --force", "day.xlsx", () => ({ ...GOOD_FOLDER(), "day.xlsx": { symlink: "/dev/full" } })),
    argv: mergeTo("day.xlsx", "--force"),
  },
  {
    name: "merge --out one of the inputs",
    files: GOOD_FOLDER,
    argv: ["merge", "nhan/tot.xlsx", "--out", "nhan/tot.xlsx", "--unit", "UBND tỉnh", "--force"],
    code: 2,
    names: ["nhan/tot.xlsx"],
  },
  {
    name: "merge --out in folders that do not exist yet: they are made",
    files: GOOD_FOLDER,
    argv: mergeTo("ket-qua/2021/tong-hop.xlsx"),
    code: 0,
    after: (dir) => expect(readFileSync(path.join(dir, "ket-qua/2021/tong-hop.xlsx")).length).toBeGreaterThan(1000),
  },
  {
    name: "new --out a folder",
    files: () => ({ "ra/.keep": "" }),
    argv: ["new", "--template", "quang-ngai-2021", "--period", "2021-Q2", "--level", "so", "--out", "ra"],
    code: 2,
    names: ["ra"],
  },
  {
    name: "new --roster --out an existing file",
    files: () => ({ "ds.txt": NAMES.join("\n"), gui: "một tệp" }),
    argv: ["new", "--template", "quang-ngai-2021", "--period", "2021-Q2", "--level", "so", "--roster", "ds.txt", "--out", "gui"],
    code: 2,
    names: ["gui"],
  },
  // ---- inputs ----
  { name: "check: a file that does not exist", files: () => ({}), argv: ["check", "khong-co.xlsx"], code: 2, names: ["khong-co.xlsx"] },
  {
    name: "check: a path through a file",
    files: () => ({ "a.xlsx": GOOD() }),
    argv: ["check", "a.xlsx/b.xlsx"],
    code: 2,
    names: ["a.xlsx/b.xlsx"],
  },
  {
    name: "check: a symlink loop",
    files: () => ({ "a.xlsx": { symlink: "b.xlsx" }, "b.xlsx": { symlink: "a.xlsx" } }),
    argv: ["check", "a.xlsx"],
    code: 2,
    names: ["a.xlsx"],
  },
  {
    name: "check: a dangling symlink",
    files: () => ({ "a.xlsx": { symlink: "da-xoa.xlsx" } }),
    argv: ["check", "a.xlsx"],
    code: 2,
    names: ["a.xlsx"],
  },
  {
    name: "check: Excel's lock file ~$",
    files: () => ({ "~$bao-cao.xlsx": Buffer.from([0x04, 0x41, 0x64, 0x6d, 0x69, 0x6e]) }),
    argv: ["check", "~$bao-cao.xlsx"],
    code: 2,
    names: ["~$bao-cao.xlsx"],
    says: { vi: /tệp khóa/, en: /lock file/ },
  },
  {
    name: "merge: Excel's lock file in the folder is skipped with a note",
    files: () => ({ ...GOOD_FOLDER(), "nhan/~$tot.xlsx": Buffer.from([0x04, 0x41]) }),
    argv: mergeTo("tong-hop.xlsx"),
    code: 0,
    names: ["nhan/~$tot.xlsx"],
    merged: ["nhan/tot.xlsx"],
  },
  {
    name: "merge: a folder that does not exist",
    files: () => ({}),
    argv: ["merge", "khong-co", "--out", "tong-hop.xlsx", "--unit", "UBND tỉnh"],
    code: 2,
    names: ["khong-co"],
  },
  {
    name: "merge: a dangling symlink and a symlink loop in the folder, beside a good report",
    files: () => ({ ...GOOD_FOLDER(), "nhan/mat.xlsx": { symlink: "da-xoa.xlsx" }, "nhan/vong.xlsx": { symlink: "vong.xlsx" } }),
    argv: mergeTo("tong-hop.xlsx"),
    code: 1,
    names: ["nhan/mat.xlsx", "nhan/vong.xlsx"],
    merged: ["nhan/tot.xlsx"],
  },
  {
    name: "merge: the same file named twice and its folder: read once",
    files: GOOD_FOLDER,
    argv: ["merge", "nhan", "nhan/tot.xlsx", "./nhan/tot.xlsx", "--out", "tong-hop.xlsx", "--unit", "UBND tỉnh"],
    code: 0,
    merged: ["nhan/tot.xlsx"],
  },
  {
    name: "merge: a report named .XLSX in capitals is read",
    files: () => ({ "nhan/TOT.XLSX": GOOD() }),
    argv: mergeTo("tong-hop.xlsx"),
    code: 0,
    merged: ["nhan/TOT.XLSX"],
  },
  {
    name: "merge: a file whose name holds a terminal escape and a line break",
    files: () => ({ ...GOOD_FOLDER(), "nhan/x\u001b[2J\ny.xlsx": "" }),
    argv: mergeTo("tong-hop.xlsx"),
    code: 1,
    // eslint-disable-next-line no-control-regex -- what a terminal must never receive
    after: (_, run) => expect(run.stdout + run.stderr).not.toMatch(/\u001b/),
  },
  {
    name: "merge: a file named like an option",
    files: GOOD_FOLDER,
    argv: ["merge", "--help.xlsx", "--out", "tong-hop.xlsx", "--unit", "UBND tỉnh"],
    code: 2,
    names: ["--help.xlsx"],
  },
  {
    name: "merge --roster: a roster file that does not exist",
    files: GOOD_FOLDER,
    argv: mergeTo("tong-hop.xlsx", "--roster", "ds.txt"),
    code: 2,
    names: ["ds.txt"],
  },
  {
    name: "merge --roster: a folder",
    files: () => ({ ...GOOD_FOLDER(), "ds/.keep": "" }),
    argv: mergeTo("tong-hop.xlsx", "--roster", "ds"),
    code: 2,
    names: ["ds"],
  },
  {
    name: "merge --roster: a FIFO",
    files: () => ({ ...GOOD_FOLDER(), "ds.txt": { fifo: true } }),
    argv: mergeTo("tong-hop.xlsx", "--roster", "ds.txt"),
    code: 2,
    names: ["ds.txt"],
  },
  {
    name: "check --template-file: a file that does not exist",
    files: () => ({ "x.xlsx": GOOD() }),
    argv: ["check", "x.xlsx", "--template-file", "mau.json"],
    code: 2,
    names: ["mau.json"],
  },
  // ---- template files ----
  templateCheck("a valid file", () => template(), 0),
  templateCheck("saved with a byte-order mark (Notepad)", () => `\ufeff${template()}`, 0),
  templateCheck("saved as UTF-16 LE with a byte-order mark", () => utf16(template(), "le", true), 0),
  templateCheck("saved as UTF-16 BE with a byte-order mark", () => utf16(template(), "be", true), 0),
  templateCheck("saved as UTF-16 LE without a byte-order mark", () => utf16(template(), "le", false), 0),
  templateCheck("a rule nested 10.000 deep", () => withRule(`${"(".repeat(10_000)}[1.1.1]${")".repeat(10_000)} >= 0`), 2, {
    names: ["mau.json", "rules[0]"],
  }),
  templateCheck("a rule of 3.000 characters", () => withRule(Array.from({ length: 300 }, () => "[1.1.1]").join(" + ") + " >= 0"), 2),
  templateCheck("a rule calling a function that does not exist", () => withRule("eval([1.1.1]) > 0"), 2),
  templateCheck("a rule naming an indicator that does not exist", () => withRule("[9.9.9] > 0"), 2),
  templateCheck("JSON nested 100.000 deep", () => `{"id":${"[".repeat(100_000)}${"]".repeat(100_000)}}`, 2),
  templateCheck(
    "an indicator computed from itself",
    () =>
      template((t) => ({
        ...t,
        indicators: t.indicators.map((i) => (i.code === "3.1.3" ? { ...i, compute: { sum: ["3.1.3", "3.1.3.a"] } } : i)),
      })),
    2,
  ),
  templateCheck("a trailing comma", () => template().replace(/}$/, ",}"), 2, { says: { vi: /JSON/, en: /JSON/ } }),
  templateCheck("an empty file", () => "", 2),
  templateCheck("the JSON null", () => "null", 2),
  templateCheck("a list instead of an object", () => "[1, 2, 3]", 2),
  templateCheck(
    "a __proto__ key",
    () => template((t) => JSON.parse(JSON.stringify(t).replace('"id":', '"__proto__":{"polluted":1},"id":'))),
    2,
    {
      after: () => expect(({} as Record<string, unknown>).polluted).toBeUndefined(),
    },
  ),
  templateCheck(
    "20.000 indicators (3 MB), valid",
    () =>
      template((t) => ({
        ...t,
        indicators: [
          ...t.indicators,
          ...Array.from({ length: 20_000 }, (_, i) => ({
            ...t.indicators[2],
            code: `9.${i}`,
            stt: `9.${i}.`,
            parent: undefined,
            section: "7",
          })),
        ],
      })),
    0,
  ),
  templateCheck("6 MB of JSON", () => JSON.stringify({ id: "x", padding: "x".repeat(6 * 1024 * 1024) }), 2, {
    says: { vi: /quá lớn/, en: /too large/ },
  }),
  templateCheck("binary bytes", () => randomBytes(3000, 11), 2),
  templateCheck("an .xlsx picked by mistake", () => GOOD(), 2, { says: { vi: /sổ Excel/, en: /Excel workbook/ } }),
  templateCheck(
    "Windows-1258 bytes (not UTF-8)",
    () => Buffer.concat([Buffer.from(template().slice(0, 200)), Buffer.from([0xd0, 0xf2, 0xec])]),
    2,
    {
      says: { vi: /UTF-8/, en: /UTF-8/ },
    },
  ),
  {
    name: "new --template-file: a rule nested 10.000 deep (nothing written)",
    files: () => ({ "mau.json": withRule(`${"(".repeat(10_000)}1${")".repeat(10_000)} >= 0`) }),
    argv: ["new", "--template-file", "mau.json", "--period", "2021-Q2", "--level", "so", "--out", "bieu.xlsx"],
    code: 2,
    names: ["mau.json"],
  },
  {
    name: "merge --template-file: a template whose id is a built-in one",
    files: () => ({ ...GOOD_FOLDER(), "mau.json": JSON.stringify(quangNgai) }),
    argv: mergeTo("tong-hop.xlsx", "--template-file", "mau.json"),
    code: 2,
    names: ["mau.json"],
  },
  // ---- rosters ----
  rosterCase("plain UTF-8", () => NAMES.join("\n")),
  rosterCase("UTF-8 with a byte-order mark", () => `\ufeff${NAMES.join("\r\n")}`),
  rosterCase("UTF-16 LE with a byte-order mark (Notepad's Unicode)", () => utf16(NAMES.join("\r\n"), "le", true)),
  rosterCase("UTF-16 BE with a byte-order mark", () => utf16(NAMES.join("\n"), "be", true)),
  rosterCase("UTF-16 LE without a byte-order mark", () => utf16(NAMES.join("\r\n"), "le", false)),
  rosterCase("old Mac line ends (CR)", () => NAMES.join("\r")),
  rosterCase("empty lines, spaces and tabs around the names", () => `\n\n  ${NAMES[0]}  \n\t\n${NAMES[1]}\t\n\n\n   ${NAMES[2]}\n\n`),
  rosterCase("duplicates, told by case, spaces and a zero-width space", () =>
    [...NAMES, "ubnd huyện tốt", "UBND  xã Hoà Bình", "Sở\u200b Y tế", NAMES[2]].join("\n"),
  ),
  rosterCase(
    "a CSV with a Tên đơn vị column and quoted commas",
    () => `STT;Tên đơn vị;Ghi chú\r\n1;${NAMES[0]};"a; b"\r\n2;"${NAMES[1]}";\r\n3;${NAMES[2]};"x ""y"""\r\n`,
  ),
  rosterCase("an Excel Unicode Text export (UTF-16, tabs, header)", () =>
    utf16(`Tên đơn vị\tĐịa chỉ\r\n${NAMES.map((n) => `${n}\tx`).join("\r\n")}\r\n`, "le", true),
  ),
  rosterRefused("binary bytes", () => randomBytes(4000, 5)),
  rosterRefused("a NUL byte in the middle", () => `${NAMES[0]}\n\u0000\n${NAMES[1]}`),
  rosterRefused("Windows-1258 bytes", () => Buffer.concat([Buffer.from("UBND x"), Buffer.from([0xe3, 0x20, 0xd0, 0xf4, 0xf2])]), {
    vi: /UTF-8/,
    en: /UTF-8/,
  }),
  rosterRefused("an .xlsx picked by mistake", () => GOOD()),
  rosterRefused("an empty file", () => ""),
  rosterRefused("only a header", () => "Tên đơn vị\r\n\r\n"),
  rosterRefused("only blank lines and invisible characters", () => "\n \n\u200b\n\u00a0\n"),
  rosterRefused("6 MB", () => `${NAMES[0]}\n`.repeat(400_000)),
  {
    name: "new --roster: UTF-16 with a byte-order mark and a 300-character name",
    files: () => ({ "ds.txt": utf16(`${NAMES.join("\r\n")}\r\nUBND ${"xã ".repeat(100)}\r\n`, "le", true) }),
    argv: ["new", "--template", "quang-ngai-2021", "--period", "2021-Q2", "--level", "so", "--roster", "ds.txt", "--out", "gui"],
    code: 0,
    names: ["UBND xã Hòa Bình"],
    after: (_, run) => expect(run.stdout.split("\n").filter((l) => /\.xlsx\t/.test(l))).toHaveLength(4),
  },
];

describe("hostile paths and text files", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_, c) => runCase(c), 120_000);
});
