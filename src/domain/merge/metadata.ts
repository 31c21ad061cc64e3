// How a summary keeps its statistics in `_cchc`: one key per indicator ("aggregate:3.1.3") holding
// JSON, split over continuation keys ("aggregate:3.1.3#2", …) because a cell holds at most 32,767
// characters.
import { AggregateJson } from "./model";

const PREFIX = "aggregate:";
const CHUNK = 32000;

export function aggregatesToMetadata(aggregates: ReadonlyMap<string, AggregateJson>): [string, string][] {
  const entries: [string, string][] = [];
  for (const [code, agg] of aggregates) {
    const json = JSON.stringify(agg);
    for (let i = 0, part = 1; i < json.length; i += CHUNK, part++) {
      entries.push([part === 1 ? `${PREFIX}${code}` : `${PREFIX}${code}#${part}`, json.slice(i, i + CHUNK)]);
    }
  }
  return entries;
}

/** Reads them back; undefined when the JSON of an indicator is damaged (the caller says which). */
export function aggregatesFromMetadata(entries: Iterable<[string, string]>): { aggregates: Map<string, AggregateJson>; damaged: string[] } {
  const parts = new Map<string, string[]>();
  for (const [key, value] of entries) {
    if (!key.startsWith(PREFIX)) continue;
    const m = /^(.*?)(?:#(\d+))?$/.exec(key.slice(PREFIX.length))!;
    const list = parts.get(m[1]) ?? [];
    list[m[2] ? Number(m[2]) - 1 : 0] = value;
    parts.set(m[1], list);
  }
  const aggregates = new Map<string, AggregateJson>();
  const damaged: string[] = [];
  for (const [code, list] of parts) {
    try {
      const v = JSON.parse(list.join("")) as AggregateJson;
      if (typeof v?.method !== "string") throw new Error("no method");
      aggregates.set(code, v);
    } catch {
      damaged.push(code);
    }
  }
  return { aggregates, damaged };
}
