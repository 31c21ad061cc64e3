// npm run lint: eslint (with type information) and prettier's check side by side. Eslint keeps about one
// core busy and prettier another, so on 2 cores the pair takes about the time of eslint alone. Each tool's
// output is printed whole when it ends, and the lint fails when either does. Both keep their caches in
// node_modules/.cache (README: what a cached run does not re-check).
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

const tools = [
  [bin("eslint"), ["--cache", "--cache-strategy", "content", "--cache-location", "node_modules/.cache/eslint/", "."]],
  [bin("prettier"), ["--check", "--cache", "."]],
];

const run = ([command, args]) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", (e) => resolve({ output: `${command}: ${e.message}\n`, ok: false }));
    child.on("close", (code) => resolve({ output, ok: code === 0 }));
  });

const results = await Promise.all(tools.map(run));
for (const { output } of results) process.stdout.write(output);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
