// Text files people hand us (a roster of units, a template's JSON) arrive in whatever encoding their
// editor chose: UTF-8 with or without a byte-order mark (Notepad, Excel's "CSV UTF-8"), UTF-16 (Notepad's
// "Unicode", Excel's "Unicode Text"), or not text at all (an .xlsx picked by mistake). Decode the first
// ones, refuse the others with a message that names the file and how to save it. No Node APIs.
import { Message, msg } from "./messages";

export type DecodedText = { ok: true; text: string; encoding: "utf-8" | "utf-16le" | "utf-16be" } | { ok: false; problem: Message };

const starts = (b: Uint8Array, magic: readonly number[]) => magic.every((x, i) => b[i] === x);

function refuse(file: string, vi: string, en: string): DecodedText {
  return { ok: false, problem: msg(`${file}: ${vi}`, `${file}: ${en}`) };
}

/** What to do, for a roster: the file kinds parseRoster reads. */
export const SAVE_ROSTER: Message = msg(
  'hãy lưu lại dạng văn bản (mỗi dòng một tên) hoặc "CSV UTF-8 (Comma delimited)"',
  'save it as plain text (one name per line) or "CSV UTF-8 (Comma delimited)"',
);

const SAVE_TEXT: Message = msg("hãy lưu lại dạng văn bản UTF-8", "save it again as UTF-8 text");

/** Which UTF-16 a text without a byte-order mark is, from where its zero bytes fall (ASCII letters and spaces are xx 00 in LE). */
function utf16WithoutBom(b: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZero++;
    if (b[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero >= pairs * 0.3 && evenZero <= pairs * 0.05) return "utf-16le";
  if (evenZero >= pairs * 0.3 && oddZero <= pairs * 0.05) return "utf-16be";
  return undefined;
}

/** Control characters that never appear in a text file people write (tab, line breaks and form feed do). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const BINARY_CHARS = /[\u0000-\u0008\u000e-\u001f\u007f]/g;

/** The text of a file's bytes, or why they are not a text file. `file` names it in the message, `howToSave` says what to do. */
export function decodeTextFile(bytes: Uint8Array, file: string, howToSave: Message = SAVE_TEXT): DecodedText {
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04]) || starts(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    return refuse(
      file,
      `đây là một sổ Excel hoặc tệp nén, không phải tệp văn bản; mở bằng Excel rồi ${howToSave.vi}`,
      `this is an Excel workbook or a zip file, not a text file; open it in Excel and ${howToSave.en}`,
    );
  }
  if (starts(bytes, [0x25, 0x50, 0x44, 0x46])) {
    return refuse(file, `đây là tệp PDF, không phải tệp văn bản; ${howToSave.vi}`, `this is a PDF file, not a text file; ${howToSave.en}`);
  }
  let encoding: "utf-8" | "utf-16le" | "utf-16be" = "utf-8";
  let body = bytes;
  if (starts(bytes, [0xef, 0xbb, 0xbf])) body = bytes.subarray(3);
  else if (starts(bytes, [0xff, 0xfe])) [encoding, body] = ["utf-16le", bytes.subarray(2)];
  else if (starts(bytes, [0xfe, 0xff])) [encoding, body] = ["utf-16be", bytes.subarray(2)];
  else encoding = utf16WithoutBom(bytes) ?? "utf-8";
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(body);
  } catch {
    return encoding === "utf-8"
      ? refuse(
          file,
          `không phải văn bản UTF-8 (có thể lưu bằng bảng mã cũ như Windows-1258/TCVN3, hoặc không phải tệp văn bản); ${howToSave.vi}`,
          `not UTF-8 text (perhaps saved in an old code page such as Windows-1258/TCVN3, or not a text file); ${howToSave.en}`,
        )
      : refuse(
          file,
          `tệp UTF-16 bị hỏng (bị cắt giữa chừng hoặc không phải tệp văn bản); ${howToSave.vi}`,
          `damaged UTF-16 text (cut short, or not a text file); ${howToSave.en}`,
        );
  }
  const odd = text.match(BINARY_CHARS)?.length ?? 0;
  if (odd > 0) {
    return refuse(
      file,
      `có ${odd} ký tự điều khiển không có trong tệp văn bản (có thể là tệp nhị phân chọn nhầm); ${howToSave.vi}`,
      `holds ${odd} control characters that a text file does not (perhaps a binary file chosen by mistake); ${howToSave.en}`,
    );
  }
  return { ok: true, text: text.replace(/^\uFEFF/, ""), encoding };
}
