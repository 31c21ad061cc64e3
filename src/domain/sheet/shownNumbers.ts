// How a count or an amount shows in its cell. The cell's own format is General, which never rounds
// what the check reads ("1,5" typed into a count shows 1,5, not 2) but has no thousands separator; three
// conditional number formats over it give the separator without rounding anything: a whole number
// "#,##0" (1.755), up to two decimals "#,##0.0#" (1.755,5), finer "General" (1,234). They cover every
// number, so they also win over the "#,##0" Excel puts on a General cell when "1.755" is typed into it.
// No single format code can: "#,##0" rounds 1,5 to 2, "#,##0.###" shows 1755 as "1.755,", and a section
// condition ([>=1000]) compares values, it cannot tell a whole number. The codes are en-US, as the file
// and Office.js hold them; Excel and LibreOffice show them with the user's separators (vi-VN: "1.755",
// "1,5"). Where conditional formats are not applied, General still shows the truth.
import { Indicator } from "../template/schema";
import { ConditionalFormatPlan } from "./plan";

interface ShownAs {
  numFmt: string;
  /** Excel's condition on the range's top-left cell `x` (relative, so it moves with each cell) */
  formula: (x: string) => string;
  /** The same condition on a number, for hosts that do not calculate (the workbench) */
  holds: (n: number) => boolean;
}

const cents = (n: number) => Number(n.toFixed(2));

const SHOWN_AS: ShownAs[] = [
  { numFmt: "#,##0", formula: (x) => `AND(ISNUMBER(${x}),${x}=INT(${x}))`, holds: Number.isInteger },
  {
    numFmt: "#,##0.0#",
    formula: (x) => `AND(ISNUMBER(${x}),${x}<>INT(${x}),${x}=ROUND(${x},2))`,
    holds: (n) => !Number.isInteger(n) && cents(n) === n,
  },
  { numFmt: "General", formula: (x) => `AND(ISNUMBER(${x}),${x}<>ROUND(${x},2))`, holds: (n) => cents(n) !== n },
];

/** The kinds whose cells are General with the separators above. */
export const isGrouped = (kind: Indicator["kind"]) => kind === "count" || kind === "amount";

/** The number format a grouped cell shows a number with (what its conditional formats give). */
export function shownFormat(n: number): string {
  return SHOWN_AS.find((s) => s.holds(n))?.numFmt ?? "General";
}

/** The conditional number formats over a range of grouped cells ("D14:D30"). */
export function groupedFormats(range: string): ConditionalFormatPlan[] {
  const topLeft = range.split(":")[0];
  return SHOWN_AS.map((s) => ({ range, formula: s.formula(topLeft), numFmt: s.numFmt }));
}
