// The summary's units sheet (a value per unit and indicator: most of a large summary's XML) written on a
// worker thread while this thread writes the rest of the workbook (renderPlan.ts, WriteOptions.unitsSheet):
// after a large merge's reading the other core is idle. The sheet crosses as plain data (1,2 MB for 2.000
// units, ~10 ms each way), its part comes back deflated.
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { SourcesSheetJob, sourcesSheetBytes } from "../xlsx/renderPlan";
import { DeflatedPart } from "../xlsx/xlsxWriter";
import { deflatedPart } from "./nativeZip";
import { threadCount, workerStart } from "./threads";

type Request = { job: SourcesSheetJob; index: number };

/**
 * The writer of a merge's units sheet on a worker thread when the merge reads on threads (`files` of
 * them), started now so that it is loaded when the sheet is ready; undefined otherwise or when no worker
 * can start. A thread that fails or stops leaves the sheet to this one (where a fault of the sheet's own shows).
 */
export function startSheetThread(files: number): ((job: SourcesSheetJob, index: number) => Promise<Uint8Array | DeflatedPart>) | undefined {
  const start = threadCount(files) > 0 ? workerStart(__filename) : undefined;
  if (!start) return undefined;
  const worker = new Worker(start.script, { eval: start.eval, workerData: { sheetWriter: true } });
  let failed = false;
  worker.on("error", () => (failed = true));
  // Not what keeps the program running until it is given the sheet (a merge refused has none).
  worker.unref();
  return (job, index) => {
    const here = () => sourcesSheetBytes(job, index);
    if (failed) return Promise.resolve(here());
    return new Promise<Uint8Array | DeflatedPart>((resolve) => {
      const done = (bytes: Uint8Array | DeflatedPart) => {
        worker.removeAllListeners();
        void worker.terminate();
        resolve(bytes);
      };
      worker.once("message", (part: DeflatedPart) => done(part));
      worker.once("error", () => done(here()));
      worker.once("exit", () => done(here()));
      worker.ref();
      worker.postMessage({ job, index } satisfies Request);
    });
  };
}

// ---- the worker thread ----

if (!isMainThread && parentPort && (workerData as { sheetWriter?: boolean })?.sheetWriter) {
  const port = parentPort;
  port.once("message", ({ job, index }: Request) => {
    // Deflated here too (10 MB of XML for 2.000 units): this thread would otherwise wait for it after the rest.
    port.postMessage(deflatedPart(sourcesSheetBytes(job, index)));
  });
}
