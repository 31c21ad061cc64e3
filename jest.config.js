/**
 * Tests, as jest projects. `unit` is the fast lane: the domain core (templates, values, periods, rules,
 * merge), the workbook and roster readers, the manifest and the import rules (`npm run test:unit`).
 * `pane` is the add-in: the task pane and the workbench grid in jsdom, the Office.js adapter on the
 * in-memory host and the Office.js API-set check, which loads the TypeScript compiler (`npm run test:pane`).
 * `cli` runs `cchc` end to end, writing workbooks to temporary folders, and the hostile-input corpora
 * (`npm run test:cli`).
 * `merge` merges many real files, through the CLI and through the task pane (`npm run test:merge`);
 * `libreoffice` starts other programs: LibreOffice Calc (recalculation, PDF), poppler, python3-openpyxl
 * (`npm run test:libreoffice`). `npm test` runs them all; the browser tests run separately
 * (`npm run test:e2e`, jest.e2e.config.js). A test file not named below is a unit test.
 */
const { readdirSync, readFileSync } = require("node:fs");
const path = require("node:path");

const tests = readdirSync(path.join(__dirname, "test")).filter((f) => /\.test\.tsx?$/.test(f));
const MERGE = ["cli-merge.test.ts", "merge-panel.test.tsx"];
/** React components (.tsx) render in jsdom; the Office.js adapter runs on the in-memory host. */
const PANE = [
  ...tests.filter((f) => f.endsWith(".tsx") && !MERGE.includes(f)),
  "excel-adapter.test.ts",
  "excel-host.test.ts",
  "excel-retyped.test.ts",
  "office-api-sets.test.ts",
];
/** The hostile-input corpora run `cchc` over files built at test time, as the CLI suites do. */
const CLI = ["cli.test.ts", "cli-check.test.ts", "collection-round.test.ts", ...tests.filter((f) => f.startsWith("hostile-"))];
/** What a test uses to start another program: such a test joins the `libreoffice` project by itself. */
const OTHER_PROGRAMS = /support\/libreoffice"|python3|pdftotext|\bsoffice\b/;
const LIBREOFFICE = tests.filter((f) => OTHER_PROGRAMS.test(readFileSync(path.join(__dirname, "test", f), "utf8")) && !MERGE.includes(f));
const named = [...MERGE, ...PANE, ...CLI, ...LIBREOFFICE];
const inTest = (files) => files.map((f) => `<rootDir>/test/${f}`);

const common = {
  // Transpile only: `npm run typecheck` checks the types once for the whole tree, not once per test file.
  transform: { "^.+\\.tsx?$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.test.json" }] },
  testEnvironment: "node",
  testTimeout: 120000,
  setupFiles: ["<rootDir>/test/support/fflateInflater.ts"],
};

module.exports = {
  testTimeout: 120000,
  projects: [
    { ...common, displayName: "unit", testMatch: inTest(tests.filter((f) => !named.includes(f))) },
    { ...common, displayName: "pane", testMatch: inTest(PANE) },
    { ...common, displayName: "cli", testMatch: inTest(CLI) },
    { ...common, displayName: "merge", testMatch: inTest(MERGE) },
    { ...common, displayName: "libreoffice", testMatch: inTest(LIBREOFFICE) },
  ],
};
