// npm start: on Windows and macOS, sideload the add-in into Excel desktop (office-addin-debugging);
// elsewhere (Linux has no Excel desktop) serve the workbench: the task pane beside an in-memory workbook.
//   node scripts/start.mjs [desktop | web | workbench | stop] [office-addin-debugging options…]
//   npm run start:web -- --document <link to a workbook in OneDrive/SharePoint>
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// The development configuration (plain http); its port is the one manifest.xml points at.
const devConfig = await require(path.join(root, "webpack.config.js"))({}, { mode: "development" });
const port = devConfig.devServer.port;

const say = (vi, en) => console.log(`${vi}\n${en}`);

const hasExcelDesktop = process.platform === "win32" || process.platform === "darwin";
const options = process.argv.slice(2);
const mode = options[0] && !options[0].startsWith("-") ? options.shift() : hasExcelDesktop ? "desktop" : "workbench";

/** The office-addin-debugging command line, or undefined when the optional dependency is not installed. */
function officeAddinDebugging() {
  let packageFile;
  try {
    packageFile = require.resolve("office-addin-debugging/package.json");
  } catch {
    return undefined;
  }
  const { bin } = require(packageFile);
  return path.join(path.dirname(packageFile), typeof bin === "string" ? bin : bin["office-addin-debugging"]);
}

function run(args) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: "inherit" });
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** The dev server cannot take the port over; ask before compiling (webpack-dev-server would throw from a listener). */
function portInUse(port) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error) => (error.code === "EADDRINUSE" ? resolve(true) : reject(error)));
    probe.listen(port, "localhost", () => probe.close(() => resolve(false)));
  });
}

async function startWorkbench() {
  if (await portInUse(port)) {
    say(
      `Cổng ${port} đang được một chương trình khác dùng (có thể là máy chủ thử đang chạy). Hãy dừng chương trình đó rồi chạy lại.`,
      `Port ${port} is in use by another program (perhaps the dev server, already running). Stop it and run again.`,
    );
    process.exit(2);
  }
  const webpack = require("webpack");
  const WebpackDevServer = require("webpack-dev-server");
  const workbenchUrl = `http://localhost:${port}/workbench.html`;
  const compiler = webpack(devConfig);
  let announced = false;
  compiler.hooks.done.tap("workbench-url", (stats) => {
    if (announced || stats.hasErrors()) return;
    announced = true;
    // After webpack-dev-middleware's own report of this build, so it is the last thing on screen.
    setImmediate(() =>
      say(
        `\nBàn thử add-in đã sẵn sàng: mở ${workbenchUrl} bằng trình duyệt (Ctrl+C để dừng).`,
        `The add-in workbench is ready: open ${workbenchUrl} in a browser (Ctrl+C to stop).`,
      ),
    );
  });
  await new WebpackDevServer(devConfig.devServer, compiler).start();
}

const debugging = officeAddinDebugging();
switch (mode) {
  case "workbench":
    await startWorkbench();
    break;
  case "desktop":
  case "web":
    if (!debugging) {
      say(
        "Chưa cài office-addin-debugging (phụ thuộc tùy chọn; trên Linux nó cần libsecret-1-dev) nên không thể nạp add-in vào Excel từ đây." +
          (mode === "web" ? ' Hãy nạp thủ công: xem mục "Add-in Excel" trong README.' : " Mở bàn thử thay thế."),
        "office-addin-debugging is not installed (an optional dependency; on Linux it needs libsecret-1-dev), so the add-in cannot be sideloaded from here." +
          (mode === "web" ? ' Sideload it by hand: see "Add-in Excel" in the README.' : " Starting the workbench instead."),
      );
      if (mode === "web") process.exit(2);
      await startWorkbench();
      break;
    }
    // office-addin-debugging starts the HTTPS dev server (if not running), registers the manifest and opens Excel.
    run([debugging, "start", "manifest.xml", mode, "--dev-server", "npm run dev-server", "--dev-server-port", String(port), ...options]);
    break;
  case "stop":
    if (debugging) run([debugging, "stop", "manifest.xml"]);
    else say("Không có gì để dừng: bàn thử dừng bằng Ctrl+C.", "Nothing to stop: stop the workbench with Ctrl+C.");
    break;
  default:
    say(
      `Không rõ chế độ "${mode}". Dùng: desktop (Excel trên máy), web (Excel trên web), workbench (bàn thử trong trình duyệt) hoặc stop.`,
      `Unknown mode "${mode}". Use: desktop (Excel desktop), web (Excel on the web), workbench (browser workbench) or stop.`,
    );
    process.exit(2);
}
