// Text as Vietnamese users type it, compared without case or diacritics: "Chỉ tiêu thống kê",
// "CHI TIEU THONG KE" and "Chỉ  tiêu thống kê:" are the same words.

/** A value as messages quote it: in quotes, cut to 60 characters (a cell holds up to 32.767). */
export function quoted(text: string): string {
  return `"${text.length > 60 ? `${text.slice(0, 59)}…` : text}"`;
}

/** Lowercase, without diacritics (đ → d); punctuation and spacing kept. */
export function withoutDiacritics(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase();
}

/** Lowercase ASCII words: no diacritics, punctuation and runs of spaces → one space. */
export function plainText(text: string): string {
  return withoutDiacritics(text)
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}
