// Text as Vietnamese users type it, compared without case or diacritics: "Chỉ tiêu thống kê",
// "CHI TIEU THONG KE" and "Chỉ  tiêu thống kê:" are the same words.

/** Texts longer than this are not remembered (a cell holds up to 32.767 characters). */
const REMEMBERED_LENGTH = 256;

/**
 * A pure function of a text, remembered for the last `kept` distinct texts (forgotten all at once when
 * full), each kept as a copy of its own: a merge asks for each unit's cleaned name and key many times
 * over, and the reader parses the same few cell tags in every file of a form. Results are shared: never
 * change one.
 */
export function remembered<T>(fn: (text: string) => T, kept = 1 << 16): (text: string) => T {
  const seen = new Map<string, T>();
  return (text) => {
    let result = seen.get(text);
    if (result === undefined) {
      result = fn(text);
      if (text.length > REMEMBERED_LENGTH) return result;
      if (seen.size >= kept) seen.clear();
      seen.set(ownCopy(text), result);
    }
    return result;
  };
}

/** A value as messages quote it: in quotes, cut to 60 characters (a cell holds up to 32.767). */
export function quoted(text: string): string {
  return `"${text.length > 60 ? `${text.slice(0, 59)}…` : text}"`;
}

/** Lowercase, without diacritics (đ → d); punctuation and spacing kept. */
export function withoutDiacritics(text: string): string {
  // A letter at a time where every character is ASCII, a combining mark or a precomposed Latin letter:
  // Unicode's decomposition of the whole text costs ~10× more, and a retyped form has thousands of cells.
  const letters = baseLetters();
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    const base = isCombiningMark(c) ? "" : letters.get(c);
    if (base === undefined) return decomposed(text);
    out += text.slice(from, i) + base;
    from = i + 1;
  }
  return (from === 0 ? text : out + text.slice(from)).toLowerCase();
}

const isCombiningMark = (c: number) => c >= 0x300 && c <= 0x36f;

function decomposed(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase();
}

let bases: Map<number, string> | undefined;

/** Each precomposed Latin letter (Vietnamese's among them) that is one ASCII letter and combining marks, as that letter (đ, Đ as d). */
function baseLetters(): Map<number, string> {
  if (!bases) {
    bases = new Map();
    for (const [from, to] of [
      [0xc0, 0x24f],
      [0x1e00, 0x1eff],
    ]) {
      for (let c = from; c <= to; c++) {
        const base = decomposed(String.fromCharCode(c));
        if (base.length === 1 && base.charCodeAt(0) < 0x80) bases.set(c, base);
      }
    }
  }
  return bases;
}

/** Lowercase ASCII words: no diacritics, punctuation and runs of spaces → one space. */
export function plainText(text: string): string {
  if (text.length > KEPT_LENGTH) return plainWords(text);
  let plain = plainTexts.get(text);
  if (plain === undefined) {
    plain = ownCopy(plainWords(text));
    if (plainTexts.size >= KEPT_TEXTS) plainTexts.clear();
    plainTexts.set(ownCopy(text), plain);
  }
  return plain;
}

/**
 * The same characters in a string of their own, for a text kept past its file: one cut from a larger
 * text (a cell's from its sheet's XML) would keep all of that in memory as long as it is kept.
 */
export function ownCopy(text: string): string {
  return [...text].join("");
}

const plainWords = (text: string) =>
  withoutDiacritics(text)
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

// The short texts last made plain (labels, row names, units), a few forms' worth, then it starts again:
// the forms retyped by hand in one collection round repeat them, cell for cell.
const plainTexts = new Map<string, string>();
const KEPT_TEXTS = 8192;
const KEPT_LENGTH = 300;
