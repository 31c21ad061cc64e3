/**
 * Tests, as jest projects. `unit` is the fast lane: the domain, the readers, the CLI without merges of
 * many files, the Office.js adapter on the in-memory host and the task pane in jsdom (`npm run test:unit`).
 * `merge` merges many real files, through the CLI and through the task pane (`npm run test:merge`);
 * `libreoffice` recalculates workbooks in LibreOffice Calc and reads files openpyxl wrote
 * (`npm run test:libreoffice`). `npm test` runs all three; the browser tests run separately
 * (`npm run test:e2e`, jest.e2e.config.js).
 */
const MERGE = ["<rootDir>/test/cli-merge.test.ts", "<rootDir>/test/merge-panel.test.tsx"];
const LIBREOFFICE = ["<rootDir>/test/libreoffice-*.test.ts", "<rootDir>/test/retyped-corpus.test.ts"];

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
      testMatch: ["<rootDir>/test/**/*.test.{ts,tsx}"],
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/e2e/", ...[...MERGE, ...LIBREOFFICE].map((glob) => glob.replace("*", ".*"))],
    },
    { ...common, displayName: "merge", testMatch: MERGE },
    { ...common, displayName: "libreoffice", testMatch: LIBREOFFICE },
  ],
};
