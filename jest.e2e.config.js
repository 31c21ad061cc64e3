/** End-to-end tests: the workbench in a real Chromium (playwright-core, Debian's /usr/bin/chromium). `npm run test:e2e` */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test/e2e"],
  setupFiles: ["<rootDir>/test/support/fflateInflater.ts"],
  testTimeout: 300000,
};
