#!/usr/bin/env node
import { runCli } from "./run";

// `cchc export f.xlsx | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

void runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  now: () => new Date().toISOString(),
}).then((code) => {
  process.exitCode = code;
});
