// Reading the files chosen for a merge: in a Web Worker (readerWorker.ts) when the browser has them, so
// that the pane stays responsive whatever one file costs, with the same reader as `cchc merge`
// (src/xlsx/mergeFiles.ts); on this thread between frames otherwise (jsdom in the tests has no workers).
import { UserError } from "../domain/messages";
import { TemplateRegistry } from "../domain/template/registry";
import type { ReadFiles, ReadFilesOptions } from "../xlsx/mergeFiles";
import { fileSourceOf } from "./fileBytes";
import type { ReaderReply, ReaderRequest } from "./readerWorker";

export type ReadChosenOptions = Pick<ReadFilesOptions, "signal" | "onFile" | "pause">;

export async function readChosenFiles(files: readonly File[], templates: TemplateRegistry, options: ReadChosenOptions): Promise<ReadFiles> {
  // Any form may come in: every template is loaded (the merge then finds the one its files use).
  const all = await templates.loadAll();
  if (typeof Worker === "undefined") {
    const { readReceivedFiles } = await import(/* webpackChunkName: "merge" */ "./xlsxReader");
    return readReceivedFiles(files.map(fileSourceOf), templates, options);
  }
  const { spawnReader } = await import(/* webpackChunkName: "reader" */ "./spawnReader");
  const worker = spawnReader();
  let last = 0;
  return new Promise<ReadFiles>((resolve, reject) => {
    const stop = () => {
      worker.terminate();
      resolve({ cancelled: true, read: last, submissions: [], rejected: [] });
    };
    if (options.signal?.aborted) return stop();
    // Cancel stops the worker at once, even in the middle of a file.
    options.signal?.addEventListener("abort", stop, { once: true });
    const done = () => {
      options.signal?.removeEventListener("abort", stop);
      worker.terminate();
    };
    worker.onmessage = (event: MessageEvent<ReaderReply>) => {
      const reply = event.data;
      if (reply.type === "file") {
        last = reply.index;
        options.onFile?.(reply.index, reply.name);
      } else if (reply.type === "done") {
        done();
        resolve(reply.result);
      } else {
        done();
        const error = reply.userMessage ? new UserError(reply.userMessage) : Object.assign(new Error(reply.message), { name: reply.name });
        reject(error);
      }
    };
    worker.onerror = (event) => {
      done();
      // A worker script that cannot be fetched: the pane says the merge could not load, as for its chunk.
      reject(Object.assign(new Error(event.message || "worker"), { name: "ChunkLoadError" }));
    };
    worker.postMessage({ files: [...files], templates: all } satisfies ReaderRequest);
  });
}
