// The received files of a large merge read on worker threads (node:worker_threads) and on this thread,
// each running the shared reader (readEachFile) over batches taken from one queue; only each file's
// outcome (parsed values, not workbooks) crosses between threads. This thread reads too, so a core
// is not left waiting and one thread fewer starts. Merges of fewer files read on this thread alone: a
// worker costs ~0,5 s of CPU before it reads fast (loading, warming up) and its replies cost this
// thread too; on 2 cores, 200 files read faster without one.
import { statSync, Stats } from "node:fs";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { rowIndexByCode } from "../domain/template/lookup";
import { TemplateRegistry } from "../domain/template/registry";
import { Template } from "../domain/template/schema";
import { collectOutcomes, FileSource, readEachFile, readReceivedFiles, ReadFiles, ReadFilesOptions } from "../xlsx/mergeFiles";
import { ReadResult } from "../xlsx/readSubmission";
import { AggregateJson, RejectedFile, Submission, SubmittedValue } from "../domain/merge/model";
import { ParsedValue } from "../domain/values";
import { readFileOrFail } from "./common";
import { useNodeInflater } from "./inflate";
import { threadCount, workerStart } from "./threads";

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
type Reply = { start: number; outcomes: PackedOutcome[] };

/** A Map as its keys and values: V8 deserializes two arrays about three times faster than a Map. */
type PackedMap<V> = { keys: string[]; values: V[] };

/**
 * A submission's values as columns, which V8 copies between threads faster than an object per value
 * (0,13 → 0,05 ms a file on this thread): the common values (a number, blank, "-") as a kind and a
 * number, any other kept whole; each cell without its "sheet!" when it is on the submission's sheet.
 */
interface PackedValues {
  /**
   * Each value's indicator as its place in the template, or UNKNOWN_CODE for a code the template does not
   * have (then the next of `otherCodes`): the main thread then keys the values by the template's own code
   * strings, which every lookup of the merge finds by identity (150.000 strings made afresh were slower
   * to send and to look up).
   */
  codes: Int32Array;
  otherCodes: string[];
  /** The cell as "D22" on the submission's sheet, else "\0" and the whole reference */
  cells: string[];
  kinds: Uint8Array;
  numbers: Float64Array;
  /** The values of kind OTHER, in order */
  others: ParsedValue[];
}
/** A value's kind in PackedValues: NUMBER is 0, what a new Uint8Array holds. */
const NUMBER = 0;
const MISSING = 1;
const NOT_APPLICABLE = 2;
const OTHER = 3;

type PackedOutcome =
  | { rejected: RejectedFile }
  | {
      submission: Omit<Submission, "values" | "aggregates"> & { values: PackedValues; aggregates?: PackedMap<AggregateJson> };
    };

const UNKNOWN_CODE = -1;

/** The template a submission names, when the registry has it. */
const templateOf = (registry: TemplateRegistry, s: Pick<Submission, "templateId">) =>
  registry.has(s.templateId) ? registry.get(s.templateId) : undefined;

const packMap = <V>(map: Map<string, V>): PackedMap<V> => ({ keys: [...map.keys()], values: [...map.values()] });
function unpackMap<V>({ keys, values }: PackedMap<V>): Map<string, V> {
  const map = new Map<string, V>();
  keys.forEach((key, i) => map.set(key, values[i]));
  return map;
}

function packValues(values: Map<string, SubmittedValue>, sheetName: string, template: Template | undefined): PackedValues {
  const prefix = `${sheetName}!`;
  const places = template ? rowIndexByCode(template) : undefined;
  const packed: PackedValues = {
    codes: new Int32Array(values.size),
    otherCodes: [],
    cells: [],
    kinds: new Uint8Array(values.size),
    numbers: new Float64Array(values.size),
    others: [],
  };
  let i = 0;
  for (const [code, { parsed, cell }] of values) {
    const place = places?.get(code);
    if (place === undefined) {
      packed.codes[i] = UNKNOWN_CODE;
      packed.otherCodes.push(code);
    } else packed.codes[i] = place;
    packed.cells.push(cell.startsWith(prefix) ? cell.slice(prefix.length) : `\0${cell}`);
    if (parsed.status === "value" && parsed.outOf === undefined) packed.numbers[i] = parsed.value;
    else if (parsed.status === "missing") packed.kinds[i] = MISSING;
    else if (parsed.status === "notApplicable") packed.kinds[i] = NOT_APPLICABLE;
    else {
      packed.kinds[i] = OTHER;
      packed.others.push(parsed);
    }
    i++;
  }
  return packed;
}

function unpackValues(
  { codes, otherCodes, cells, kinds, numbers, others }: PackedValues,
  sheetName: string,
  template: Template | undefined,
): Map<string, SubmittedValue> {
  const prefix = `${sheetName}!`;
  const values = new Map<string, SubmittedValue>();
  let other = 0;
  let otherCode = 0;
  codes.forEach((place, i) => {
    const code = place === UNKNOWN_CODE ? otherCodes[otherCode++] : template!.indicators[place].code;
    const kind = kinds[i];
    const parsed: ParsedValue =
      kind === NUMBER
        ? { status: "value", value: numbers[i] }
        : kind === MISSING
          ? { status: "missing" }
          : kind === NOT_APPLICABLE
            ? { status: "notApplicable" }
            : others[other++];
    const cell = cells[i];
    values.set(code, { parsed, cell: cell.charCodeAt(0) === 0 ? cell.slice(1) : prefix + cell });
  });
  return values;
}

/** An outcome as a worker sends it: its values as columns, its aggregates as arrays, the rest as it is. */
export function packOutcome(outcome: ReadResult, registry: TemplateRegistry): PackedOutcome {
  if (!("submission" in outcome)) return outcome;
  const { values, aggregates, ...rest } = outcome.submission;
  const template = templateOf(registry, rest);
  return {
    submission: {
      ...rest,
      values: packValues(values, rest.sheetName, template),
      ...(aggregates ? { aggregates: packMap(aggregates) } : {}),
    },
  };
}

/** An outcome as a worker packed it with the same templates (the registry it was given), its codes this registry's strings. */
export function unpackOutcome(packed: PackedOutcome, registry: TemplateRegistry): ReadResult {
  if (!("submission" in packed)) return packed;
  const { values, aggregates, ...rest } = packed.submission;
  const template = templateOf(registry, rest);
  return {
    submission: {
      ...rest,
      values: unpackValues(values, rest.sheetName, template),
      ...(aggregates ? { aggregates: unpackMap(aggregates) } : {}),
    },
  };
}

/**
 * Batches of BATCH files, smaller towards the end (down to one file) so that the threads finish together:
 * a thread that takes the last 32 files alone keeps the others waiting for up to a batch's time.
 */
function batchesOf(files: readonly InputFile[], threads: number): Batch[] {
  const batches: Batch[] = [];
  for (let start = 0; start < files.length;) {
    const size = Math.max(1, Math.min(BATCH, Math.floor((files.length - start) / (4 * (threads + 1)))));
    batches.push({ start, files: files.slice(start, start + size) });
    start += size;
  }
  return batches;
}

export async function readInputFiles(
  files: readonly InputFile[],
  registry: TemplateRegistry,
  options: Pick<ReadFilesOptions, "period" | "limits"> = {},
): Promise<ReadFiles> {
  const threads = threadCount(files.length);
  const start = workerStart(__filename);
  // Each file has its time and memory budget wherever it is read; given limits (tests) are for this thread.
  if (threads < 1 || !start || options.limits) return readReceivedFiles(files.map(fileSource), registry, options);

  const batches = batchesOf(files, threads);
  const outcomes = new Array<ReadResult>(files.length);
  const readHere = async (start: number, list: readonly InputFile[], pause?: () => Promise<void>) => {
    await readEachFile(list.map(fileSource), registry, { period: options.period, pause }, (k, outcome) => (outcomes[start + k] = outcome));
  };
  let nextBatch = 0;
  const workers = Array.from(
    { length: Math.min(threads, batches.length - 1) },
    () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(start.script, { eval: start.eval, workerData: { templates: registry.list(), period: options.period } });
        // Two batches in flight: the worker starts the next one while this thread, busy with a file of its
        // own, has not yet taken the reply to the last (it was idle 7 % of a national merge with one).
        let inFlight = 0;
        const give = () => {
          const batch = batches[nextBatch++];
          if (batch) {
            inFlight++;
            worker.postMessage(batch);
          } else if (inFlight === 0) void worker.terminate().then(() => resolve());
        };
        worker.on("message", (reply: Reply) => {
          inFlight--;
          reply.outcomes.forEach((packed, k) => (outcomes[reply.start + k] = unpackOutcome(packed, registry)));
          give();
        });
        worker.on("error", reject);
        give();
        give();
      }),
  );
  // This thread takes batches from the same queue while the workers start and run, letting their
  // replies in before each file (a file is read without yielding otherwise).
  const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
  const here = async () => {
    for (let batch = batches[nextBatch++]; batch; batch = batches[nextBatch++]) await readHere(batch.start, batch.files, pause);
  };
  await Promise.all([...workers, here()]);
  const read: ReadFiles = { cancelled: false, read: files.length, submissions: [], rejected: [] };
  collectOutcomes(outcomes, read);
  return read;
}

// ---- the worker thread ----

if (!isMainThread && parentPort && (workerData as { templates?: unknown })?.templates) {
  useNodeInflater();
  const { templates, period } = workerData as { templates: Template[]; period?: string };
  const registry = new TemplateRegistry(templates);
  const port = parentPort;
  const readBatch = async (batch: Batch) => {
    const outcomes: PackedOutcome[] = [];
    await readEachFile(batch.files.map(fileSource), registry, { period }, (k, outcome) => (outcomes[k] = packOutcome(outcome, registry)));
    port.postMessage({ start: batch.start, outcomes } satisfies Reply);
  };
  // One batch after the other, in the order given.
  let queue = Promise.resolve();
  port.on("message", (batch: Batch) => {
    queue = queue.then(() => readBatch(batch));
  });
}
