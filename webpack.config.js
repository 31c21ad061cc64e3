// @ts-check
// The add-in bundle (dist/addin): the task pane that Excel loads, and the workbench that shows the
// same pane beside an in-memory workbook in any browser.
//   webpack --mode production            npm run build (ADDIN_URL = production address, see README)
//   webpack serve --mode development      the dev server on port 3000 over http (workbench)
//   webpack serve ... --env https         over https with office-addin-dev-certs, for Excel
const path = require("node:path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const { DefinePlugin } = require("webpack");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const { require: tsxRequire } = require("tsx/cjs/api");

/** @type {typeof import("./src/templates")} */
const { BUILT_IN_TEMPLATES } = tsxRequire("./src/templates/index.ts", __filename);
/** @type {typeof import("./src/domain/template/registry")} */
const { templateSummary } = tsxRequire("./src/domain/template/registry.ts", __filename);

/** @type {typeof import("./scripts/manifest")} */
const { DEV_ORIGIN, addinBaseUrl, productionManifest } = tsxRequire("./scripts/manifest.ts", __filename);

const PORT = Number(new URL(DEV_ORIGIN).port);
// Outside Office, office.js fetches only this table besides itself (checked in Chromium).
const OFFICE_JS_FILES = ["office.js", "o15apptofilemappingtable.js"];

/** ADDIN_URL, checked; a bad value stops the build with the bilingual message, not a stack trace. */
function productionBaseUrl() {
  try {
    return addinBaseUrl(process.env.ADDIN_URL);
  } catch (error) {
    if (error instanceof Error && error.name === "UserError") {
      const { vi, en } = /** @type {any} */ (error).userMessage;
      console.error(`${vi}\n${en}`);
      process.exit(2);
    }
    throw error;
  }
}

/** Key and certificate trusted by Excel; office-addin-dev-certs is an optional dependency. */
async function devCertificates() {
  let devCerts;
  try {
    devCerts = require("office-addin-dev-certs");
  } catch {
    console.error(
      "Thiếu gói office-addin-dev-certs (phụ thuộc tùy chọn), cần để chạy máy chủ thử qua HTTPS cho Excel. Chạy: npm install office-addin-dev-certs\n" +
        "The optional package office-addin-dev-certs is missing; it serves the dev server over HTTPS for Excel. Run: npm install office-addin-dev-certs",
    );
    process.exit(2);
  }
  return devCerts.getHttpsServerOptions();
}

/**
 * @param {Record<string, unknown>} env  `--env https` serves over HTTPS
 * @param {{ mode?: string }} argv
 * @returns {Promise<import("webpack").Configuration & { devServer?: import("webpack-dev-server").Configuration }>}
 */
module.exports = async (env, argv) => {
  const production = argv.mode === "production";
  const baseUrl = production ? productionBaseUrl() : undefined;
  return {
    mode: production ? "production" : "development",
    context: __dirname,
    devtool: production ? "source-map" : "eval-cheap-module-source-map",
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      workbench: "./src/workbench/index.tsx",
    },
    output: {
      path: path.resolve(__dirname, "dist/addin"),
      filename: production ? "[name].[contenthash:8].js" : "[name].js",
      chunkFilename: production ? "[name].[contenthash:8].js" : "[name].js",
      clean: true,
    },
    resolve: { extensions: [".tsx", ".ts", ".js"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          loader: "ts-loader",
          // Types are checked by `npm run typecheck` (tsconfig.web.json too); this halves the build time.
          options: { configFile: "tsconfig.web.json", transpileOnly: true },
        },
      ],
    },
    plugins: [
      // The pane's first load lists the forms; each form's rows come in a chunk of their own (src/taskpane/templates.ts).
      new DefinePlugin({ BUILT_IN_CATALOG: JSON.stringify(BUILT_IN_TEMPLATES.map(templateSummary)) }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "src/taskpane/taskpane.html",
        chunks: ["taskpane"],
      }),
      new HtmlWebpackPlugin({
        filename: "workbench.html",
        template: "src/workbench/workbench.html",
        chunks: ["workbench"],
      }),
      new CopyWebpackPlugin({
        patterns: [
          // Copied as they are: Microsoft's office.js is already minified.
          { from: "assets", to: "assets", info: { minimized: true } },
          ...OFFICE_JS_FILES.map((file) => ({
            from: path.join("node_modules/@microsoft/office-js/dist", file),
            to: path.join("office-js", file),
            info: { minimized: true },
          })),
          ...(baseUrl
            ? [
                {
                  from: "manifest.xml",
                  to: "manifest.xml",
                  /** @param {Buffer} content */
                  transform: (content) => productionManifest(content.toString("utf8"), baseUrl),
                },
              ]
            : []),
        ],
      }),
    ],
    // The dev server lists every asset on each rebuild otherwise.
    stats: production ? "normal" : "errors-warnings",
    // React + Fluent UI exceed webpack's 244 KiB default budget: the warning would fire on every build.
    performance: { hints: false },
    devServer: {
      host: "localhost",
      port: PORT,
      server: env.https ? { type: "https", options: await devCertificates() } : "http",
      // Excel and Excel on the web load the pane from another origin.
      headers: { "Access-Control-Allow-Origin": "*" },
      static: false,
      client: { overlay: { errors: true, warnings: false } },
    },
  };
};
