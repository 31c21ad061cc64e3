/**
 * Tests, as jest projects. `unit` is the fast lane: the domain, the readers, the CLI without merges of
 * many files, the Office.js adapter on the in-memory host and the task pane in jsdom (`npm run test:unit`).
 * `merge` merges many real files, through the CLI and through the task pane (`npm run test:merge`);
 * `libreoffice` starts other programs: LibreOffice Calc (recalculation, PDF), poppler, python3-openpyxl
 * (`npm run test:libreoffice`). `npm test` runs all three; the browser tests run separately
 * (`npm run test:e2e`, jest.e2e.config.js).
 */
const { readdirSync, readFileSync } = require("node:fs");
const path = require("node:path");

const MERGE = ["cli-merge.test.ts", "merge-panel.test.tsx"];
/** What a test uses to start another program: such a test joins the `libreoffice` project by itself. */
const OTHER_PROGRAMS = /support\/libreoffice"|python3|pdftotext|\bsoffice\b/;
const tests = readdirSync(path.join(__dirname, "test")).filter((f) => /\.test\.tsx?$/.test(f) && !MERGE.includes(f));
const LIBREOFFICE = tests.filter((f) => OTHER_PROGRAMS.test(readFileSync(path.join(__dirname, "test", f), "utf8")));
const inTest = (files) => files.map((f) => `<rootDir>/test/${f}`);

const common = {
  // Transpile only: `npm run typecheck` checks the types once for the whole tree, not once per test file.
  transform: { "^.+\\.tsx?$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.test.json" }] },
  testEnvironment: "node",
  testTimeout: 120000,
};

module.exports = {
  testTimeout: 120000,
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: inTest(tests.filter((f) => !LIBREOFFICE.includes(f))),
    },
    { ...common, displayName: "merge", testMatch: inTest(MERGE) },
    { ...common, displayName: "libreoffice", testMatch: inTest(LIBREOFFICE) },
  ],
};
