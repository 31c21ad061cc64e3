// Excel 2019 has ExcelApi 1.8 (the manifest asks for 1.8, DESIGN): every Excel API the add-in reaches
// (src/excel, src/taskpane) must be in ExcelApi 1.8 or run only where `isSetSupported("ExcelApi", v)`
// said yes. The type checker resolves each property access, call and object-literal option to its
// declaration in @types/office-js and reads its `[Api set: ExcelApi x.y]` annotation; a guard is an
// `if`, `&&` or `?:` whose condition is the isSetSupported call or a value that comes only from one
// (through variables, options properties and callback parameters).
import { readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "..");
const OFFICE_TYPES = path.join("@types", "office-js", "index.d.ts");

interface Use {
  where: string;
  api: string;
  /** The ExcelApi version it needs; Infinity when only in ExcelApiOnline/ExcelApiDesktop */
  needs: number;
  /** The ExcelApi version its guards prove present (0: none) */
  guard: number;
}

const version = (text: string) => {
  const [major, minor] = text.split(".").map(Number);
  return major + minor / 100; // 1.10 after 1.9
};
const EXCEL_2019 = version("1.8");
const shown = (v: number) => (v === Infinity ? "not in ExcelApi" : `ExcelApi ${Math.floor(v)}.${Math.round((v % 1) * 100)}`);

/** The ExcelApi version a declaration of @types/office-js needs; undefined when it has no annotation (base members). */
function needsOf(decl: ts.Declaration): number | undefined {
  const sf = decl.getSourceFile();
  const doc = sf.text.slice(decl.getFullStart(), decl.getStart(sf));
  if (!doc.includes("[Api set:")) return undefined;
  const m = /\[Api set: ExcelApi (\d+\.\d+)/.exec(doc);
  return m ? version(m[1]) : Infinity;
}

export function excelApiUses(program: ts.Program, files: string[]): Use[] {
  const checker = program.getTypeChecker();
  const sources = program.getSourceFiles().filter((sf) => !sf.isDeclarationFile);
  const all = (visit: (node: ts.Node) => void) =>
    sources.forEach((sf) => {
      const walk = (node: ts.Node) => {
        visit(node);
        ts.forEachChild(node, walk);
      };
      walk(sf);
    });
  const symbolOf = (node: ts.Node) => {
    const s = checker.getSymbolAtLocation(node);
    return s && s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
  };
  const propertySymbol = (prop: ts.PropertyAssignment | ts.ShorthandPropertyAssignment) => {
    const type = ts.isObjectLiteralExpression(prop.parent) ? checker.getContextualType(prop.parent) : undefined;
    return ts.isIdentifier(prop.name) && type ? checker.getNonNullableType(type).getProperty(prop.name.text) : undefined;
  };

  // Where values come from: object literal properties and assignments (per property), calls (per callee).
  const writes = new Map<ts.Symbol, (ts.Expression | ts.ShorthandPropertyAssignment)[]>();
  const calls = new Map<ts.Symbol, ts.CallExpression[]>();
  const push = <T>(map: Map<ts.Symbol, T[]>, key: ts.Symbol | undefined, value: T) => key && map.set(key, [...(map.get(key) ?? []), value]);
  all((node) => {
    if (ts.isPropertyAssignment(node)) push(writes, propertySymbol(node), node.initializer);
    if (ts.isShorthandPropertyAssignment(node)) push(writes, propertySymbol(node), node);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
      push(writes, symbolOf(node.left.name), node.right);
    }
    if (ts.isCallExpression(node)) push(calls, symbolOf(node.expression), node);
  });

  const sourcesOf = (symbol: ts.Symbol): (ts.Expression | ts.ShorthandPropertyAssignment)[] | undefined => {
    const decl = symbol.valueDeclaration;
    if (!decl) return undefined;
    if (ts.isVariableDeclaration(decl)) return decl.initializer && [decl.initializer];
    if (ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl)) return writes.get(symbol);
    if (ts.isParameter(decl)) {
      const fn = decl.parent;
      const index = fn.parameters.indexOf(decl);
      // A callback's parameter: what the function it is passed to gives that callback.
      let callers: ts.Symbol | undefined;
      if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isCallExpression(fn.parent)) {
        const callee = symbolOf(fn.parent.expression)?.valueDeclaration;
        const param =
          callee && ts.isVariableDeclaration(callee) && callee.initializer && ts.isArrowFunction(callee.initializer)
            ? callee.initializer.parameters
            : callee && ts.isFunctionLike(callee)
              ? callee.parameters
              : undefined;
        const at = param?.[fn.parent.arguments.indexOf(fn)];
        callers = at && symbolOf(at.name);
      } else if (ts.isFunctionDeclaration(fn) && fn.name) callers = symbolOf(fn.name);
      const sites = callers && calls.get(callers);
      return sites?.map((call) => call.arguments[index]).filter((arg) => arg !== undefined);
    }
    return undefined;
  };

  /** The ExcelApi version a condition proves present, 0 when it proves nothing. */
  const proven = new Map<ts.Symbol, number>();
  const guardOf = (expr: ts.Expression | ts.ShorthandPropertyAssignment): number => {
    if (ts.isShorthandPropertyAssignment(expr)) return guardOfSymbol(checker.getShorthandAssignmentValueSymbol(expr));
    if (ts.isParenthesizedExpression(expr)) return guardOf(expr.expression);
    if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
      return Math.max(guardOf(expr.left), guardOf(expr.right));
    if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression) && expr.expression.name.text === "isSetSupported") {
      const [set, v] = expr.arguments;
      return set && v && ts.isStringLiteral(set) && set.text === "ExcelApi" && ts.isStringLiteral(v) ? version(v.text) : 0;
    }
    return guardOfSymbol(ts.isIdentifier(expr) ? symbolOf(expr) : ts.isPropertyAccessExpression(expr) ? symbolOf(expr.name) : undefined);
  };
  const guardOfSymbol = (symbol: ts.Symbol | undefined): number => {
    if (!symbol) return 0;
    if (proven.has(symbol)) return proven.get(symbol)!;
    proven.set(symbol, 0); // a cycle proves nothing
    const from = sourcesOf(symbol);
    const v = from && from.length > 0 ? Math.min(...from.map(guardOf)) : 0;
    proven.set(symbol, v);
    return v;
  };
  const guardedAt = (node: ts.Node): number => {
    let best = 0;
    for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
      if (ts.isIfStatement(parent) && parent.thenStatement === child) best = Math.max(best, guardOf(parent.expression));
      if (ts.isConditionalExpression(parent) && parent.whenTrue === child) best = Math.max(best, guardOf(parent.condition));
      if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && parent.right === child) {
        best = Math.max(best, guardOf(parent.left));
      }
    }
    return best;
  };

  const uses: Use[] = [];
  for (const file of files) {
    const sf = program.getSourceFile(file)!;
    const use = (node: ts.Node, symbol: ts.Symbol | undefined) => {
      const decls = (symbol?.declarations ?? []).filter((d) => d.getSourceFile().fileName.endsWith(OFFICE_TYPES));
      const needs = decls.map(needsOf).filter((v): v is number => v !== undefined);
      if (needs.length === 0) return;
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      const parent = decls[0].parent;
      const owner = ts.isClassDeclaration(parent) || ts.isInterfaceDeclaration(parent) ? `${parent.name?.text}.` : "";
      uses.push({
        where: `${path.relative(ROOT, file)}:${line + 1}`,
        api: `${owner}${symbol!.name}`,
        needs: Math.min(...needs),
        guard: guardedAt(node),
      });
    };
    const walk = (node: ts.Node) => {
      if (ts.isPropertyAccessExpression(node)) use(node, symbolOf(node.name));
      if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && ts.isObjectLiteralExpression(node.parent))
        use(node, propertySymbol(node));
      ts.forEachChild(node, walk);
    };
    walk(sf);
  }
  return uses;
}

/** The uses of APIs newer than Excel 2019's without a guard that proves them there. */
export function unguardedBeyond(uses: Use[], limit: number): string[] {
  return uses.filter((u) => u.needs > limit && u.guard < u.needs).map((u) => `${u.where}: ${u.api} needs ${shown(u.needs)}`);
}

function addinFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? addinFiles(full) : /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

const config = ts.parseJsonConfigFileContent(
  ts.readConfigFile(path.join(ROOT, "tsconfig.web.json"), (file) => ts.sys.readFile(file)).config,
  ts.sys,
  ROOT,
);

/** A program of the add-in's files, plus extra in-memory files (to show what the check catches). */
function programWith(files: string[], extra: Record<string, string> = {}): ts.Program {
  const host = ts.createCompilerHost(config.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, ...rest) =>
    name in extra ? ts.createSourceFile(name, extra[name], languageVersion, true) : read(name, languageVersion, ...rest);
  host.fileExists = (
    (exists) => (name: string) =>
      name in extra || exists(name)
  )(host.fileExists.bind(host));
  return ts.createProgram([...files, ...Object.keys(extra)], config.options, host);
}

describe("the Office.js APIs the add-in calls", () => {
  const files = [...addinFiles(path.join(ROOT, "src", "excel")), ...addinFiles(path.join(ROOT, "src", "taskpane"))];
  const program = programWith(files);
  const uses = excelApiUses(program, files);

  it("are found and read from @types/office-js", () => {
    expect(program.getSemanticDiagnostics().length).toBe(0);
    const apis = new Set(uses.map((u) => u.api));
    // Sanity: the calls every insert makes are seen, with the version the annotations give.
    expect(apis).toContain("Worksheet.getRange");
    expect(apis).toContain("WorksheetCollection.getItemOrNullObject");
    expect(uses.find((u) => u.api === "WorksheetCollection.getItemOrNullObject")?.needs).toBe(version("1.4"));
    expect(uses.some((u) => u.api === "Worksheet.pageLayout" && u.needs === version("1.9"))).toBe(true);
  });

  it("are in ExcelApi 1.8 (Excel 2019) or run only after isSetSupported says their version is there", () => {
    expect(unguardedBeyond(uses, EXCEL_2019)).toEqual([]);
  });

  it("would catch a call to a newer API, and accept it behind its guard", () => {
    const probe = path.join(ROOT, "src", "excel", "probe.ts");
    const guardedProbe = path.join(ROOT, "src", "excel", "guardedProbe.ts");
    const extra = {
      [probe]: `export function probe(range: Excel.Range, sheet: Excel.Worksheet) {
  range.getSpillingToRange();
  sheet.pageLayout.orientation = "Landscape";
  sheet.protection.protect({ allowFormatColumns: true });
}`,
      [guardedProbe]: `interface Options { spill: boolean }
export function outer(requirements: { isSetSupported(name: string, v?: string): boolean }, range: Excel.Range) {
  const spill = requirements.isSetSupported("ExcelApi", "1.12");
  inner(range, { spill });
  if (requirements.isSetSupported("ExcelApi", "1.9")) range.worksheet.pageLayout.zoom = { scale: 90 };
  withFlag((flag) => flag && range.getSpillingToRange(), spill);
}
function inner(range: Excel.Range, options: Options) {
  if (options.spill) range.getSpillingToRange();
}
function withFlag(then: (flag: boolean) => void, flag: boolean) {
  then(flag);
}`,
    };
    const both = programWith([], extra);
    expect(unguardedBeyond(excelApiUses(both, [probe]), EXCEL_2019)).toEqual([
      "src/excel/probe.ts:2: Range.getSpillingToRange needs ExcelApi 1.12",
      "src/excel/probe.ts:3: PageLayout.orientation needs ExcelApi 1.9",
      "src/excel/probe.ts:3: Worksheet.pageLayout needs ExcelApi 1.9",
    ]);
    expect(unguardedBeyond(excelApiUses(both, [guardedProbe]), EXCEL_2019)).toEqual([]);
    // A guard for too low a version does not count.
    const low = {
      [probe]: `export function f(r: { isSetSupported(n: string, v?: string): boolean }, range: Excel.Range) {
  if (r.isSetSupported("ExcelApi", "1.9")) range.getSpillingToRange();
}`,
    };
    expect(unguardedBeyond(excelApiUses(programWith([], low), [probe]), EXCEL_2019)).toEqual([
      "src/excel/probe.ts:2: Range.getSpillingToRange needs ExcelApi 1.12",
    ]);
  });
});
