// Lint: typescript-eslint with type information (the tsconfig.json project), the Office add-in rules of
// the yo-office template (load before read, sync before read, no sync in a loop) on the Office.js
// code, and the React hooks rules on the components. Layout is prettier's (npm run format), so the
// stylistic rules are off (eslint-config-prettier).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import officeAddins from "eslint-plugin-office-addins";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// The plugin's recommended config also brings its own parser and prettier as a lint rule: take only its Office rules.
const officeRules = Object.fromEntries(
  officeAddins.configs.recommended
    .flatMap((config) => Object.entries(config.rules ?? {}))
    .filter(([name]) => name.startsWith("office-addins/")),
);

export default tseslint.config(
  { ignores: ["dist/", "out/", "coverage/", "node_modules/", "scratch/", "test-artifacts/", "test-output/"] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // One program for the whole tsconfig.json: a cold lint takes 55 s here against 66 s with the project service,
      // which opens the files one by one through a language service.
      parserOptions: { project: "./tsconfig.json", tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // Implementations of async interfaces (the host port, Office event handlers) need not await.
      "@typescript-eslint/require-await": "off",
      // Unions such as `RawValue | FormulaResult` name the values a cell can hold even where a wider member covers them.
      "@typescript-eslint/no-redundant-type-constituents": "off",
    },
  },
  {
    // Tests build malformed templates and workbooks on purpose, through JSON and `any`.
    files: ["test/**"],
    rules: {
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    // The add-in's Office.js code. The tests of the in-memory host read unloaded properties on purpose, to see it throw as Excel does.
    files: ["src/excel/**", "src/taskpane/**", "src/workbench/**", "bench/**"],
    plugins: { "office-addins": officeAddins },
    rules: officeRules,
  },
  { files: ["**/*.tsx"], ...reactHooks.configs.flat.recommended },
  {
    files: ["**/*.{js,mjs,cjs}"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  { files: ["src/**/*.js"], languageOptions: { globals: globals.browser } },
  { files: ["*.config.js"], rules: { "@typescript-eslint/no-require-imports": "off" }, languageOptions: { sourceType: "commonjs" } },
  prettier,
);
