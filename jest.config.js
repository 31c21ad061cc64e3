/** Tests: fast unit tests for the domain, integration tests with the real parts (ExcelJS, LibreOffice). */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testTimeout: 120000,
};
