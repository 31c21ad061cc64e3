// Text as Vietnamese users type it, compared without case or diacritics: "Chỉ tiêu thống kê",
// "CHI TIEU THONG KE" and "Chỉ  tiêu thống kê:" are the same words.

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
