#!/usr/bin/env node
import { helpRequest } from "./help";

// `cchc export f.xlsx | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

const argv = process.argv.slice(2);
// Help needs none of the program: answered before anything else loads (a cold start in ~50 ms).
const help = helpRequest(argv);
if (help) {
  process.stdout.write(help.text);
  process.exitCode = help.code;
} else {
  void run();
}

async function run(): Promise<void> {
  const { runCli } = await import("./run");
  process.exitCode = await runCli(argv, {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    now: () => new Date().toISOString(),
  });
}
