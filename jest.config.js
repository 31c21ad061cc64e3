/** Tests: fast unit tests for the domain, integration tests with the real parts (ExcelJS, LibreOffice). */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  // The browser tests run separately: npm run test:e2e (jest.e2e.config.js).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/e2e/"],
  testTimeout: 120000,
};
