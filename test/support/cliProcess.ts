// `cchc` in a process of its own, under tsx, with a fixed clock: for what only a whole process has (the
// worker threads of a large merge). Usage: node --import tsx test/support/cliProcess.ts ARGS…
import { runCli } from "../../src/cli/run";

void runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  now: () => "2026-01-01T00:00:00.000Z",
}).then((code) => (process.exitCode = code));
