// The received files of a large merge read on worker threads (node:worker_threads) and on this thread,
// each running the shared reader (readReceivedFiles) over batches taken from one queue; only the
// submissions (parsed values, not workbooks) cross between threads. This thread reads too, so a core
// is not left waiting and one thread fewer starts. Merges of fewer files read on this thread alone: a
// worker costs ~0,5 s of CPU before it reads fast (loading, warming up, ExcelJS for a retyped form)
// and its replies cost this thread too; on 2 cores, 200 files read faster without one.
import { statSync, Stats } from "node:fs";
import os from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { TemplateRegistry } from "../domain/template/registry";
import { Template } from "../domain/template/schema";
import { FileSource, readReceivedFiles, ReadFiles, ReadFilesOptions } from "../xlsx/mergeFiles";
import { readFileOrFail } from "./common";
import { useNodeInflater } from "./inflate";

/** Below this many files, one thread reads them all. */
export const PARALLEL_FROM = 1000;
const BATCH = 32;

export interface InputFile {
  /** As the user named it (the directory argument joined with the file name), for messages */
  shown: string;
  full: string;
}

/**
 * The files as the shared reader takes them, bytes read only when their turn comes: a regular file, at
 * most the reader's limit, counted as it is read (stat says 0 for /proc and nothing true for a device).
 */
export function fileSource(input: InputFile): FileSource {
  let stat: Stats | undefined;
  try {
    stat = statSync(input.full);
  } catch {
    // Gone since it was listed: read() says so for this file.
  }
  return { name: input.shown, modifiedAt: stat?.mtime.toISOString(), read: async () => readFileOrFail(input.full, input.shown) };
}

type Batch = { start: number; files: InputFile[] };
type Reply = { start: number; read: ReadFiles };

/** How many worker threads read besides this one: CCHC_THREADS when set, else one per other core (at most 3), none for small merges. */
function threadCount(files: number): number {
  const set = Number(process.env.CCHC_THREADS);
  if (Number.isInteger(set) && set >= 0) return set;
  return files < PARALLEL_FROM ? 0 : Math.min(3, os.availableParallelism() - 1);
}

/** The worker's script: this module compiled, or under tsx (the benchmarks) the .ts itself. */
function workerScript(): string | undefined {
  if (__filename.endsWith(".js")) return __filename;
  return process.execArgv.some((a) => a.includes("tsx")) ? __filename : undefined;
}

export async function readInputFiles(
  files: readonly InputFile[],
  registry: TemplateRegistry,
  options: Pick<ReadFilesOptions, "period" | "limits"> = {},
): Promise<ReadFiles> {
  const threads = threadCount(files.length);
  const script = workerScript();
  // Each file has its time and memory budget wherever it is read; given limits (tests) are for this thread.
  if (threads < 1 || !script || options.limits) return readReceivedFiles(files.map(fileSource), registry, options);

  const batches: Batch[] = [];
  for (let start = 0; start < files.length; start += BATCH) batches.push({ start, files: files.slice(start, start + BATCH) });
  const byStart = new Map<number, ReadFiles>();
  let nextBatch = 0;
  const workers = Array.from(
    { length: Math.min(threads, batches.length - 1) },
    () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(script, { workerData: { templates: registry.list(), period: options.period } });
        const give = () => {
          const batch = batches[nextBatch++];
          if (batch) worker.postMessage(batch);
          else void worker.terminate().then(() => resolve());
        };
        worker.on("message", (reply: Reply) => {
          byStart.set(reply.start, reply.read);
          give();
        });
        worker.on("error", reject);
        give();
      }),
  );
  // This thread takes batches from the same queue while the workers start and run, letting their
  // replies in before each file (a file is read without yielding otherwise).
  const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
  const here = async () => {
    for (let batch = batches[nextBatch++]; batch; batch = batches[nextBatch++])
      byStart.set(batch.start, await readReceivedFiles(batch.files.map(fileSource), registry, { period: options.period, pause }));
  };
  await Promise.all([...workers, here()]);
  const read: ReadFiles = { cancelled: false, read: files.length, submissions: [], rejected: [] };
  for (const batch of batches) {
    const part = byStart.get(batch.start)!;
    read.submissions.push(...part.submissions);
    read.rejected.push(...part.rejected);
  }
  return read;
}

// ---- the worker thread ----

if (!isMainThread && parentPort && (workerData as { templates?: unknown })?.templates) {
  useNodeInflater();
  const { templates, period } = workerData as { templates: Template[]; period?: string };
  const registry = new TemplateRegistry(templates);
  const port = parentPort;
  port.on("message", (batch: Batch) => {
    void readReceivedFiles(batch.files.map(fileSource), registry, { period }).then((read) =>
      port.postMessage({ start: batch.start, read } satisfies Reply),
    );
  });
}
