// File names made from unit names, for the workbooks sent one per unit (`cchc new --roster`, the
// add-in's .zip): plain ASCII (they travel by e-mail, in zips and across Windows, macOS and Linux),
// never a character or a name Windows refuses, short enough for deep folders, no two alike even
// where Windows ignores case ("Sở Y tế" and "SỞ Y TẾ", "UBND xã A/B" and "UBND xã A-B").
import { withoutDiacritics } from "./text";

/** Letters kept of a unit's name: the rest of a long name still tells units apart by the suffix. */
const MAX_STEM = 60;

// CON, PRN, AUX, NUL, COM1–9 and LPT1–9 are devices on Windows, whatever the extension.
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/** "UBND xã Sơn Phú / huyện Tây Sơn" → "ubnd-xa-son-phu-huyen-tay-son". */
export function fileStem(text: string): string {
  const words = withoutDiacritics(text.normalize("NFC"))
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (words.length <= MAX_STEM) return words;
  // Cut at a word boundary when there is one in the second half.
  const cut = words.slice(0, MAX_STEM);
  const dash = cut.lastIndexOf("-");
  return dash > MAX_STEM / 2 ? cut.slice(0, dash) : cut;
}

/**
 * One .xlsx file name per unit, in order: the unit name's stem (with `prefix` before it), "don-vi-N"
 * for a name with no letter or digit, and "-2", "-3", … where two units would get the same name.
 */
export function unitFileNames(units: readonly string[], prefix = ""): string[] {
  const taken = new Set<string>();
  return units.map((unit, i) => {
    let stem = fileStem(unit) || `don-vi-${i + 1}`;
    if (WINDOWS_DEVICE.test(stem)) stem = `don-vi-${stem}`;
    stem = `${prefix}${stem}`;
    let name = stem;
    for (let n = 2; taken.has(name); n++) name = `${stem}-${n}`;
    taken.add(name);
    return `${name}.xlsx`;
  });
}
