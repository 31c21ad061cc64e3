// The real parts of the end-to-end tests: Debian's Chromium driven by playwright-core, and the built
// add-in (dist/addin) served on localhost. Skipped locally without Chromium, never in CI (CI=true).
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import http from "node:http";
import { AddressInfo } from "node:net";
import path from "node:path";
import { Browser, chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ADDIN_DIR = path.resolve(__dirname, "../../dist/addin");

/** Runs the block when Chromium is installed, and always in CI, where a missing browser must fail. */
export function describeInChromium(name: string, body: () => void): void {
  (existsSync(CHROMIUM) || process.env.CI === "true" ? describe : describe.skip)(name, body);
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css",
  ".png": "image/png",
  ".xml": "application/xml",
  ".map": "application/json",
};

/** A static file server for dist/addin on a free localhost port. */
export async function serveAddin(): Promise<{ url: string; close: () => Promise<void> }> {
  if (!existsSync(path.join(ADDIN_DIR, "workbench.html"))) {
    throw new Error(`${ADDIN_DIR}/workbench.html is missing: run "npm run build:addin" first (npm run test:e2e does)`);
  }
  const server = http.createServer((req, res) => {
    const file = path.join(ADDIN_DIR, path.normalize(decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname)));
    if (!file.startsWith(ADDIN_DIR)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Chromium with the flags this network needs (DESIGN §6). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
