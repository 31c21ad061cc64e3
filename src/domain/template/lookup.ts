// A template's indicators by code and their place in the sheet, made once per template: the checks and
// the merge look them up for every received file. Templates are never changed once loaded.
import type { Indicator, Template } from "./schema";

interface Lookup {
  byCode: ReadonlyMap<string, Indicator>;
  /** Each code's index in template.indicators, the order the sheet prints the rows */
  row: ReadonlyMap<string, number>;
}

const LOOKUPS = new WeakMap<Template, Lookup>();

function lookupOf(template: Template): Lookup {
  let lookup = LOOKUPS.get(template);
  if (!lookup) {
    lookup = {
      byCode: new Map(template.indicators.map((i) => [i.code, i])),
      row: new Map(template.indicators.map((ind, i) => [ind.code, i])),
    };
    LOOKUPS.set(template, lookup);
  }
  return lookup;
}

export function indicatorsByCode(template: Template): ReadonlyMap<string, Indicator> {
  return lookupOf(template).byCode;
}

export function rowIndexByCode(template: Template): ReadonlyMap<string, number> {
  return lookupOf(template).row;
}
