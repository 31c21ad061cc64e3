// fflate's inflater for zip.ts, the task pane's (the CLI installs node:zlib's instead, src/cli/inflate.ts).
import { Inflate, inflateSync } from "fflate";
import { InflateBudget, RawInflater } from "./zip";

/** Deflate expands at most ~1,032 times. */
const MAX_DEFLATE_RATIO = 1032;
/**
 * Compressed input fed to the inflater at a time, which bounds what one step can produce before it is
 * counted: at most a quarter of the budget left, between 1 KB and 64 KB.
 */
const stepFor = (left: number) => Math.min(64 * 1024, Math.max(1024, Math.floor(left / MAX_DEFLATE_RATIO / 4)));

export const fflateInflater: RawInflater = (data, budget, declaredSize) => {
  // The usual case in one call, when even the worst expansion stays within the budget (fflate decodes to
  // the end whatever the output buffer holds): room for the declared size plus one byte, to see whether it lied.
  if (data.length * MAX_DEFLATE_RATIO <= budget.left && declaredSize < budget.left) {
    const out = inflateSync(data, { out: new Uint8Array(declaredSize + 1) });
    if (out.length <= declaredSize) {
      budget.spend(out.length);
      return out;
    }
  }
  return inflateCounted(data, budget);
};

/** Inflates step by step, counting every byte that comes out, and stops as soon as the budget is spent. */
function inflateCounted(data: Uint8Array, budget: InflateBudget): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflater = new Inflate((chunk) => {
    budget.spend(chunk.length);
    chunks.push(chunk);
    size += chunk.length;
  });
  const step = stepFor(budget.left);
  for (let at = 0; at < data.length; at += step) inflater.push(data.subarray(at, at + step), at + step >= data.length);
  if (data.length === 0) inflater.push(data, true);
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
