// Excel (and LibreOffice) leave an owner file "~$Báo cáo.xlsx" beside a workbook while it is open, and
// behind it after a crash. It is not a report: skipped with a note, never called damaged.
import { Message, msg } from "./messages";

/** The base name of a path, for "/" and "\" alike (a browser File name has none). */
function baseName(file: string): string {
  return file.replace(/^.*[\\/]/, "");
}

export function isOfficeLockFile(file: string): boolean {
  return baseName(file).startsWith("~$");
}

/** Why a lock file is not read, and what to do. */
export function lockFileNote(file: string): Message {
  const owner = baseName(file).slice(2);
  return msg(
    `${file}: tệp khóa tạm Excel tạo ra khi đang mở "${owner}", không phải báo cáo; bỏ qua (đóng Excel thì tệp này tự mất, hoặc xóa nó)`,
    `${file}: the temporary lock file Excel makes while "${owner}" is open, not a report; skipped (it goes away when Excel closes, or delete it)`,
  );
}
