// A roster chosen in the pane (Tổng hợp's expected units, Biểu mẫu's one workbook per unit): read
// whatever it was saved as (UTF-8 with or without BOM, UTF-16), a binary file refused, the same
// parser as `--roster`.
import { parseRoster } from "../domain/merge/units";
import { UserError } from "../domain/messages";
import { decodeTextFile, SAVE_ROSTER } from "../domain/textFile";
import { readWith } from "./fileBytes";
import { S } from "./i18n";

const readBytes = async (file: Blob) => new Uint8Array(await readWith<ArrayBuffer>((r) => r.readAsArrayBuffer(file)));

/** The names of a roster file; a UserError says why there are none. */
export async function readRosterFile(file: File): Promise<string[]> {
  const decoded = decodeTextFile(await readBytes(file), file.name, SAVE_ROSTER);
  if (!decoded.ok) throw new UserError(decoded.problem);
  const names = parseRoster(decoded.text);
  if (names.length === 0) throw new UserError(S.rosterEmpty(file.name));
  return names;
}
