// Template versions are data: every built-in file loads, and a broken file reports every problem
// with its path inside the file (indicators[12].code) in Vietnamese and English.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { UserError } from "../src/domain/messages";
import { addTemplate, describeProblems, formatPath, loadTemplate, TemplateProblem } from "../src/domain/template/load";
import { TemplateRegistry, templateSummary } from "../src/domain/template/registry";
import { Template } from "../src/domain/template/schema";
import { BUILT_IN_TEMPLATES, builtInRegistry } from "../src/templates";
import quangTri2023 from "../src/templates/quang-tri-2023.json";

const TEMPLATE_IDS = ["quang-ngai-2021", "ha-tinh-2021-xa", "quang-tri-2023", "soc-trang-2021"];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
/** A deep copy of a real template file, free to break. */
function copyOfQuangTri(): Json {
  return structuredClone(quangTri2023) as Json;
}

function problemsOf(raw: unknown): TemplateProblem[] {
  const result = loadTemplate(raw);
  if (result.ok) throw new Error("expected the template to be refused");
  return result.problems;
}

function expectBilingual(problems: TemplateProblem[]) {
  for (const p of problems) {
    expect(p.message.vi.length).toBeGreaterThan(0);
    expect(p.message.en.length).toBeGreaterThan(0);
  }
}

describe("built-in templates", () => {
  it("all four load without a problem, each to the file itself (the registry uses them without the validator)", () => {
    expect(BUILT_IN_TEMPLATES).toHaveLength(4);
    for (const raw of BUILT_IN_TEMPLATES) {
      const result = loadTemplate(raw);
      expect(result.ok ? [] : result.problems).toEqual([]);
      // Every default is written out in the file: what the validator gives is what the file says.
      if (result.ok) expect(result.template).toStrictEqual(raw);
    }
  });

  it("each file is named after its id (the task pane fetches a form's chunk by id)", () => {
    const dir = path.join(__dirname, "..", "src", "templates");
    const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    expect(files.sort()).toEqual(BUILT_IN_TEMPLATES.map((t) => `${t.id}.json`).sort());
    for (const f of files)
      expect((JSON.parse(readFileSync(path.join(dir, f), "utf8")) as { id: string }).id).toBe(f.replace(/\.json$/, ""));
  });

  it("the registry lists them by id", () => {
    const registry = builtInRegistry();
    expect(
      registry
        .list()
        .map((t) => t.id)
        .sort(),
    ).toEqual([...TEMPLATE_IDS].sort());
    for (const id of TEMPLATE_IDS) {
      expect(registry.has(id)).toBe(true);
      expect(registry.get(id).id).toBe(id);
    }
  });

  it("every indicator code is unique within its template and section codes too", () => {
    for (const t of builtInRegistry().list()) {
      const codes = t.indicators.map((i) => i.code);
      const dupes = codes.filter((c, i) => codes.indexOf(c) !== i);
      expect({ id: t.id, dupes }).toEqual({ id: t.id, dupes: [] });
      const sections = t.sections.map((s) => s.code);
      expect(new Set(sections).size).toBe(sections.length);
    }
  });

  it("applies the schema defaults (due day 20)", () => {
    for (const t of builtInRegistry().list()) expect(t.dueDay).toBe(20);
  });

  it("follows the canonical code scheme of DESIGN §2", () => {
    const registry = builtInRegistry();
    expect(registry.get("quang-tri-2023").indicators.every((i) => i.code.startsWith("BM"))).toBe(true);
    expect(registry.get("quang-ngai-2021").indicators.map((i) => i.code)).toEqual(expect.arrayContaining(["3.1.3", "3.1.3.a", "1.2.1"]));
    expect(registry.get("soc-trang-2021").indicators.map((i) => i.code)).toEqual(expect.arrayContaining(["III.6.3", "III.2.3.a"]));
  });
});

describe("a template with shape problems", () => {
  const broken = copyOfQuangTri();
  broken.indicators[0].colour = "red"; // unknown key
  broken.indicators[3].stt = 3; // wrong type
  broken.indicators[4].kind = "bogus"; // not one of the kinds
  broken.levels = "so"; // wrong type: must be a list
  delete broken.title; // required
  const problems = problemsOf(broken);
  const paths = problems.map((p) => p.path);

  it("reports each problem with its path", () => {
    expect([...paths].sort()).toEqual(["indicators[0]", "indicators[3].stt", "indicators[4].kind", "levels", "title"].sort());
  });

  it("names the unknown key", () => {
    const p = problems.find((x) => x.path === "indicators[0]")!;
    expect(p.message.vi).toContain("colour");
    expect(p.message.en).toContain("colour");
  });

  it("says what type was expected, in Vietnamese and English", () => {
    const p = problems.find((x) => x.path === "indicators[3].stt")!;
    expect(p.message.en).toContain("expected string");
    expect(p.message.vi).toContain("string");
    expect(p.message.vi).not.toBe(p.message.en);
    expectBilingual(problems);
  });

  it("lists the allowed kinds", () => {
    const p = problems.find((x) => x.path === "indicators[4].kind")!;
    expect(p.message.en).toContain('"percent"');
    expect(p.message.vi).toContain('"percent"');
  });

  it("refuses things that are not templates at all", () => {
    expect(problemsOf(null).length).toBeGreaterThan(0);
    expect(problemsOf([]).length).toBeGreaterThan(0);
    expect(problemsOf("quang-tri-2023").length).toBeGreaterThan(0);
    const p = problemsOf({});
    expect(p.map((x) => x.path)).toEqual(expect.arrayContaining(["id", "version", "title", "indicators", "sections"]));
  });
});

describe("a template with meaning problems", () => {
  const broken = copyOfQuangTri();
  // indicator 5 (BM1.3.1) takes the code of indicator 2 (BM1.2.1)
  expect(broken.indicators[2].code).toBe("BM1.2.1");
  broken.indicators[5].code = "BM1.2.1";
  // a rate (BM1.2) whose numerator does not exist
  expect(broken.indicators[1].compute.rate).toBeDefined();
  broken.indicators[1].compute.rate.numerator = "BM9.9";
  // a typed total (BM1.5.1) whose parts name an unknown code
  expect(broken.indicators[10].parts.codes).toHaveLength(3);
  broken.indicators[10].parts.codes[1] = "X.1";
  // an unknown parent
  broken.indicators[3].parent = "NOPE";
  // a choice (BM1.6) without its options
  expect(broken.indicators[14].kind).toBe("choice");
  delete broken.indicators[14].options;
  // a typed percent (BM4.1.1) merged by summing
  expect(broken.indicators[52]).toMatchObject({ kind: "percent", merge: "mean" });
  broken.indicators[52].merge = "sum";
  // a section that does not exist
  broken.indicators[100].section = "BM9";

  const problems = problemsOf(broken);
  const byPath = new Map(problems.map((p) => [p.path, p.message]));

  it("reports each problem with its exact path, and nothing else", () => {
    expect(problems.map((p) => p.path).sort()).toEqual(
      [
        "indicators[5].code",
        "indicators[1].compute.rate.numerator",
        "indicators[10].parts.codes[1]",
        "indicators[3].parent",
        "indicators[14].options",
        "indicators[52].merge",
        "indicators[100].section",
      ].sort(),
    );
    expectBilingual(problems);
  });

  it("names the codes involved, in both languages", () => {
    expect(byPath.get("indicators[5].code")).toEqual({
      vi: expect.stringContaining("BM1.2.1"),
      en: expect.stringContaining("duplicate code BM1.2.1"),
    });
    expect(byPath.get("indicators[1].compute.rate.numerator")!.vi).toContain("BM9.9");
    expect(byPath.get("indicators[1].compute.rate.numerator")!.en).toContain("BM9.9");
    expect(byPath.get("indicators[10].parts.codes[1]")!.en).toContain("X.1");
    expect(byPath.get("indicators[3].parent")!.vi).toContain("NOPE");
    expect(byPath.get("indicators[3].parent")!.en).toContain("NOPE");
    expect(byPath.get("indicators[14].options")!.en).toContain("options");
    expect(byPath.get("indicators[52].merge")!.en).toContain("expected mean");
    expect(byPath.get("indicators[52].merge")!.vi).toContain("mean");
    expect(byPath.get("indicators[100].section")!.en).toContain("BM9");
  });

  it("refuses a compute that names a header", () => {
    const t = copyOfQuangTri();
    expect(t.indicators[4].kind).toBe("header");
    t.indicators[1].compute.rate.denominator = t.indicators[4].code;
    const p = problemsOf(t);
    expect(p.map((x) => x.path)).toEqual(["indicators[1].compute.rate.denominator"]);
    expect(p[0].message.en).toContain("not numeric");
  });

  it("refuses options on an indicator that is not a choice", () => {
    const t = copyOfQuangTri();
    t.indicators[0].options = [
      { value: 0, label: "Không" },
      { value: 1, label: "Có" },
    ];
    expect(problemsOf(t).map((x) => x.path)).toEqual(["indicators[0].options"]);
  });

  it("refuses a sum merge on a computed rate and a mean on a count", () => {
    const t = copyOfQuangTri();
    expect(t.indicators[1].merge).toBe("recompute");
    t.indicators[1].merge = "sum";
    t.indicators[0].merge = "mean";
    expect(
      problemsOf(t)
        .map((x) => x.path)
        .sort(),
    ).toEqual(["indicators[0].merge", "indicators[1].merge"]);
  });
});

describe("a compute cycle", () => {
  it("is reported at the formula that refers to itself", () => {
    const t = copyOfQuangTri();
    expect(t.indicators[18].code).toBe("BM2.1");
    t.indicators[18].compute.sum.push("BM2.1");
    const p = problemsOf(t);
    expect(p.map((x) => x.path)).toEqual(["indicators[18].compute"]);
    expect(p[0].message.vi).toContain("BM2.1");
    expect(p[0].message.en).toContain("circular");
  });

  it("is reported at a formula inside a two-formula cycle", () => {
    const t = copyOfQuangTri();
    expect([t.indicators[36].code, t.indicators[92].code]).toEqual(["BM3.1.4", "BM6.2.1"]);
    t.indicators[36].compute.sum.push("BM6.2.1");
    t.indicators[92].compute.sum.push("BM3.1.4");
    expect(problemsOf(t).map((x) => x.path)).toEqual(["indicators[36].compute", "indicators[92].compute"]);
  });

  it("names the formulas in the cycle, not a formula that only leads into it", () => {
    const t = copyOfQuangTri();
    t.indicators[18].compute.sum.push("BM3.1.4"); // BM2.1 uses the cycle but is not in it
    t.indicators[36].compute.sum.push("BM6.2.1");
    t.indicators[92].compute.sum.push("BM3.1.4");
    expect(problemsOf(t).map((x) => x.path)).toEqual(["indicators[36].compute", "indicators[92].compute"]);
  });
});

describe("formatPath", () => {
  it("writes zod paths the way the messages show them", () => {
    expect(formatPath(["indicators", 12, "code"])).toBe("indicators[12].code");
    expect(formatPath(["indicators", 1, "compute", "rate", "numerator"])).toBe("indicators[1].compute.rate.numerator");
    expect(formatPath(["title"])).toBe("title");
    expect(formatPath([])).toBe("");
  });
});

describe("a registry of templates that load on demand (the task pane)", () => {
  const lazyRegistry = (loaded: string[]) =>
    new TemplateRegistry(
      BUILT_IN_TEMPLATES.map((t) => ({
        summary: templateSummary(t),
        load: async () => {
          loaded.push(t.id);
          return t;
        },
      })),
    );

  it("lists every summary at once and loads a template's rows only when asked, once", async () => {
    const loaded: string[] = [];
    const registry = lazyRegistry(loaded);
    expect(registry.catalog().map((s) => s.id)).toEqual(BUILT_IN_TEMPLATES.map((t) => t.id));
    expect(registry.catalog()[0]).toEqual(templateSummary(BUILT_IN_TEMPLATES[0]));
    expect(registry.has("soc-trang-2021")).toBe(true);
    expect(() => registry.get("soc-trang-2021")).toThrow(/not loaded/);
    expect(loaded).toEqual([]);
    expect((await registry.load("soc-trang-2021")).indicators.length).toBeGreaterThan(100);
    await registry.load("soc-trang-2021");
    expect(registry.get("soc-trang-2021").id).toBe("soc-trang-2021");
    expect(loaded).toEqual(["soc-trang-2021"]);
    expect(() => registry.list()).toThrow(/not loaded/);
    expect((await registry.loadAll()).map((t) => t.id)).toEqual(BUILT_IN_TEMPLATES.map((t) => t.id));
    expect(loaded).toHaveLength(4);
  });

  it("refuses an unknown id as the registry always has", async () => {
    await expect(lazyRegistry([]).load("nope")).rejects.toThrow(UserError);
  });
});

describe("the registry", () => {
  function userErrorOf(fn: () => unknown): UserError {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return e as UserError;
    }
    throw new Error("expected a UserError");
  }

  it("refuses a second template with an existing id", () => {
    const registry = builtInRegistry();
    const e = userErrorOf(() => addTemplate(registry, copyOfQuangTri(), "my-template.json"));
    expect(e.userMessage.vi).toContain("quang-tri-2023");
    expect(e.userMessage.en).toContain("quang-tri-2023");
    expect(e.userMessage.en).toContain("already exists");
    expect(e.userMessage.vi).toContain("my-template.json");
    expect(registry.list()).toHaveLength(4);
  });

  it("refuses duplicates among its built-in files", () => {
    expect(() => new TemplateRegistry([quangTri2023, quangTri2023] as unknown as Template[])).toThrow(UserError);
  });

  it("takes a new version under a new id", () => {
    const registry = builtInRegistry();
    const t = copyOfQuangTri();
    t.id = "quang-tri-2024";
    expect(addTemplate(registry, t, "qt2024.json").id).toBe("quang-tri-2024");
    expect(registry.get("quang-tri-2024").indicators).toHaveLength(t.indicators.length);
    expect(registry.list()).toHaveLength(5);
  });

  it("refuses a broken template, listing every problem with its path", () => {
    const registry = builtInRegistry();
    const t = copyOfQuangTri();
    t.id = "quang-tri-2024";
    t.indicators[5].code = "BM1.2.1";
    t.indicators[3].parent = "NOPE";
    const e = userErrorOf(() => addTemplate(registry, t, "qt2024.json"));
    expect(e.userMessage.vi).toContain("qt2024.json");
    expect(e.userMessage.vi).toContain("2 lỗi");
    expect(e.userMessage.en).toContain("2 problems");
    for (const lang of ["vi", "en"] as const) {
      expect(e.userMessage[lang]).toContain("indicators[5].code");
      expect(e.userMessage[lang]).toContain("indicators[3].parent");
    }
    expect(registry.has("quang-tri-2024")).toBe(false);
  });

  it("get of an unknown id lists the known ids", () => {
    const e = userErrorOf(() => builtInRegistry().get("nope"));
    for (const lang of ["vi", "en"] as const) {
      expect(e.userMessage[lang]).toContain('"nope"');
      for (const id of TEMPLATE_IDS) expect(e.userMessage[lang]).toContain(id);
    }
  });

  it("describeProblems writes one line per problem", () => {
    const m = describeProblems("x.json", [
      { path: "indicators[1].code", message: { vi: "trùng mã A", en: "duplicate code A" } },
      { path: "", message: { vi: "gốc", en: "root" } },
    ]);
    expect(m.en.split("\n")).toEqual([
      "x.json: invalid template (2 problems), fix the file as listed below and load it again:",
      "  indicators[1].code: duplicate code A",
      "  (root): root",
    ]);
    expect(m.vi.split("\n")).toEqual([
      "x.json: biểu mẫu không hợp lệ (2 lỗi), hãy sửa tệp theo các lỗi dưới đây rồi nạp lại:",
      "  indicators[1].code: trùng mã A",
      "  (gốc): gốc",
    ]);
  });
});

describe("written rules", () => {
  const withRule = (expression: string) => {
    const t = copyOfQuangTri();
    t.rules = [
      { id: "R1", severity: "error", expression, missing: "skipIfAnyMissing", tolerance: 0, message: { vi: "v", en: "e" }, why: "w" },
    ];
    return t;
  };

  it("load when they parse and name value indicators", () => {
    const result = loadTemplate(withRule("[BM4.2.2] <= [BM4.2.1]"));
    expect(result.ok && result.template.rules.map((r) => r.id)).toEqual(["R1"]);
  });

  it("report a parse error at the rule's expression with the position", () => {
    const p = problemsOf(withRule("[BM4.2.2] <= [BM4.2.1"));
    expect(p.map((x) => x.path)).toEqual(["rules[0].expression"]);
    expect(p[0].message.en).toMatch(/position \d+/);
  });

  it("report unknown codes and heading rows when the template is loaded, not when the rule runs", () => {
    const p = problemsOf(withRule("[BM9.9] + [BM1.3] <= [BM4.2.1]"));
    expect(p.map((x) => [x.path, x.message.en])).toEqual([
      ["rules[0].expression", "no indicator with code BM9.9"],
      ["rules[0].expression", "BM1.3 is a heading row and holds no value"],
    ]);
  });

  it("report duplicate rule ids", () => {
    const t = withRule("[BM4.2.2] <= [BM4.2.1]");
    t.rules.push({ ...t.rules[0] });
    expect(problemsOf(t).map((x) => x.path)).toEqual(["rules[1].id"]);
  });
});
