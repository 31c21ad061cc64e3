// JavaScript, not TypeScript: `import.meta.url` is what webpack 5 needs to bundle the worker, and the
// Node configuration the tests compile with (CommonJS) cannot type-check it. Types: spawnReader.d.ts.
export function spawnReader() {
  return new Worker(new URL("./readerWorker.ts", import.meta.url), { name: "cchc-reader" });
}
