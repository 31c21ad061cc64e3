// The modules of src/ form a directed graph without cycles: the domain knows no adapter, the host port
// (src/host) knows neither the pane nor Office.js, and no two modules import each other. Type-only and
// dynamic imports count too: a cycle of types still ties the two files' changes together.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "..");
const SRC = path.join(ROOT, "src");
const OPTIONS: ts.CompilerOptions = { moduleResolution: ts.ModuleResolutionKind.Node10, resolveJsonModule: true, jsx: ts.JsxEmit.ReactJSX };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** Each file of `src` with the files of `src` it imports (packages left out). */
export function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = importedFiles
      .filter((ref) => ref.fileName.startsWith("."))
      .map((ref) => ts.resolveModuleName(ref.fileName, file, OPTIONS, ts.sys).resolvedModule?.resolvedFileName)
      .filter((target): target is string => target !== undefined && target.startsWith(SRC) && !target.endsWith(".json"));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The cycles found by a depth-first walk, each as the files along it (the first repeated at the end). */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (file: string): void => {
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (onStack.has(next)) cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!done.has(next)) visit(next);
    }
    stack.pop();
    onStack.delete(file);
    done.add(file);
  };
  for (const file of [...graph.keys()].sort()) if (!done.has(file)) visit(file);
  return cycles;
}

const relative = (file: string) => path.relative(ROOT, file);

describe("the import graph of src/", () => {
  const graph = importGraph(sourceFiles(SRC));

  it("reads the imports of every module", () => {
    const host = path.join(SRC, "host", "reportHost.ts");
    expect(graph.get(path.join(SRC, "excel", "officeReportHost.ts"))).toContain(host);
    expect(graph.get(path.join(SRC, "taskpane", "App.tsx"))).toContain(host);
  });

  it("has no cycle", () => {
    expect(findCycles(graph).map((cycle) => cycle.map(relative).join(" → "))).toEqual([]);
  });

  it("finds a cycle when two modules import each other", () => {
    const a = path.join(SRC, "a.ts");
    const b = path.join(SRC, "b.ts");
    const c = path.join(SRC, "c.ts");
    expect(
      findCycles(
        new Map([
          [a, [b]],
          [b, [c]],
          [c, [a]],
        ]),
      ),
    ).toEqual([[a, b, c, a]]);
    expect(
      findCycles(
        new Map([
          [a, [b, c]],
          [b, [c]],
          [c, []],
        ]),
      ),
    ).toEqual([]);
  });

  it("keeps the domain and the host port free of adapters", () => {
    const layer = (file: string) => relative(file).split(path.sep)[1];
    const allowed: Record<string, string[]> = { domain: ["domain"], host: ["domain", "host"] };
    const outward = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((t) => allowed[layer(file)] && !allowed[layer(file)].includes(layer(t)))
        .map((t) => `${relative(file)} → ${relative(t)}`),
    );
    expect(outward).toEqual([]);
  });
});
