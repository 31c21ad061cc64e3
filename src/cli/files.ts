// Reading and writing files for the CLI without trusting the file system: only regular files are read
// (a FIFO would block forever, a symlink to /dev/zero never ends, a directory is not a report), their
// size is what was read, never what stat says (files under /proc say 0), and reading stops past a
// limit. Every error of the operating system becomes a message that names the path and what to do.
import {
  accessSync,
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  Stats,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { Message, msg, UserError } from "../domain/messages";
import { formatNumber } from "../domain/values";

export type FileAction = "read" | "write" | "list";

const MB = 1024 * 1024;

function sizeLimit(bytes: number): { vi: string; en: string } {
  return bytes >= MB
    ? { vi: `${formatNumber(bytes / MB, 1)} MB`, en: `${Math.round((bytes / MB) * 10) / 10} MB` }
    : { vi: `${formatNumber(Math.ceil(bytes / 1024))} KB`, en: `${Math.ceil(bytes / 1024)} KB` };
}

/** What an operating-system error means for the user, with the path and what to do. */
export function osErrorMessage(e: unknown, shown: string, action: FileAction): Message {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? "";
  const m = (vi: string, en: string) => msg(`${shown}: ${vi}`, `${shown}: ${en}`);
  const writing = action === "write";
  switch (code) {
    case "ENOENT":
      return writing
        ? m(
            "không tạo được tệp ở đây (thư mục không tồn tại hoặc không cho tạo tệp mới); chọn một thư mục khác bằng --out",
            "the file cannot be created here (the folder does not exist or does not allow new files); choose another folder with --out",
          )
        : m("không tìm thấy tệp hoặc thư mục; kiểm tra lại tên và đường dẫn", "no such file or folder; check the name and the path");
    case "EISDIR":
      return writing
        ? m(
            "đây là một thư mục; hãy ghi tên tệp, ví dụ --out " + path.join(shown, "tong-hop.xlsx"),
            "this is a folder; give a file name, e.g. --out " + path.join(shown, "tong-hop.xlsx"),
          )
        : m("đây là một thư mục, không phải tệp; hãy chọn một tệp trong thư mục", "this is a folder, not a file; choose a file inside it");
    case "ENOTDIR":
      return m(
        "một phần của đường dẫn là tệp chứ không phải thư mục; kiểm tra lại đường dẫn",
        "part of the path is a file, not a folder; check the path",
      );
    case "EACCES":
    case "EPERM":
      return writing
        ? m(
            "không có quyền ghi vào đây; chọn một thư mục của mình bằng --out, hoặc xin quyền ghi",
            "no permission to write here; choose a folder of your own with --out, or ask for write access",
          )
        : m(
            "không có quyền đọc; xin quyền đọc hoặc chép tệp sang thư mục của mình rồi chạy lại",
            "no permission to read it; ask for read access, or copy the file to a folder of your own and run again",
          );
    case "EROFS":
      return m(
        "ổ đĩa hoặc thư mục này chỉ cho đọc, không ghi được; chọn nơi khác bằng --out",
        "this disk or folder is read-only; choose another place with --out",
      );
    case "ENOSPC":
    case "EDQUOT":
      return m(
        "ổ đĩa đã đầy; giải phóng chỗ trống hoặc chọn ổ khác bằng --out",
        "the disk is full; free some space or choose another disk with --out",
      );
    case "EBUSY":
    case "ETXTBSY":
    case "EAGAIN":
    case "EWOULDBLOCK":
      return m(
        "tệp đang bị chương trình khác mở hoặc khóa (ví dụ Excel); đóng chương trình đó rồi chạy lại",
        "the file is open or locked by another program (e.g. Excel); close it and run again",
      );
    case "ENAMETOOLONG":
      return m(
        "tên tệp hoặc đường dẫn quá dài; dùng tên ngắn hơn hoặc thư mục gần gốc hơn",
        "the file name or path is too long; use a shorter name or a folder nearer the root",
      );
    case "ELOOP":
      return m(
        "đường dẫn có liên kết tượng trưng (symlink) trỏ vòng; kiểm tra lại đường dẫn",
        "the path has symbolic links that loop; check the path",
      );
    case "EMFILE":
    case "ENFILE":
      return m(
        "máy đang mở quá nhiều tệp; đóng bớt chương trình rồi chạy lại",
        "too many files are open; close some programs and run again",
      );
    case "EIO":
    case "ENXIO":
    case "ENODEV":
    case "ETIMEDOUT":
    case "ECONNRESET":
    case "EHOSTDOWN":
    case "ENETDOWN":
    case "ESTALE":
      return m(
        "thiết bị lưu trữ báo lỗi khi đọc/ghi (ổ đĩa mạng mất kết nối, USB bị rút, hoặc không phải tệp thường); chép tệp sang ổ máy rồi chạy lại",
        "the storage device failed (a network drive disconnected, a USB stick removed, or not an ordinary file); copy the file to a local disk and run again",
      );
    case "EINVAL":
    case "ESPIPE":
    case "EOVERFLOW":
      return m(
        "hệ điều hành không cho đọc như một tệp thường (có thể là tệp đặc biệt của hệ thống, như trong /proc); hãy chọn chính tệp báo cáo",
        "the system does not read it as an ordinary file (perhaps a special system file, as in /proc); choose the report file itself",
      );
    case "EFBIG":
      return m(
        "tệp quá lớn đối với ổ đĩa này; chọn nơi khác bằng --out",
        "the file is too large for this disk; choose another place with --out",
      );
    default: {
      // Not a code the user can act on: what to check, without the system's jargon.
      const what = { read: ["đọc", "read"], write: ["ghi", "written"], list: ["xem nội dung thư mục", "listed"] }[action];
      return m(
        `hệ điều hành không cho ${what[0]}; kiểm tra đường dẫn, quyền truy cập và ổ đĩa rồi chạy lại`,
        `the system does not let it be ${what[1]}; check the path, the permissions and the disk, and run again`,
      );
    }
  }
}

/** Why a path that exists is not a file we read: a folder, a device, a named pipe, a socket. */
function notRegular(stat: Stats, shown: string): Message | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return osErrorMessage({ code: "EISDIR" }, shown, "read");
  const what = stat.isFIFO()
    ? { vi: "ống dẫn (FIFO)", en: "a named pipe (FIFO)" }
    : stat.isCharacterDevice() || stat.isBlockDevice()
      ? { vi: "thiết bị (ví dụ /dev/…)", en: "a device (e.g. /dev/…)" }
      : stat.isSocket()
        ? { vi: "socket", en: "a socket" }
        : { vi: "đối tượng đặc biệt", en: "a special object" };
  return msg(
    `${shown}: không phải tệp thường mà là ${what.vi}, không đọc; hãy chọn chính tệp báo cáo`,
    `${shown}: not an ordinary file but ${what.en}, not read; choose the report file itself`,
  );
}

/** A file over the limit, found by reading it (stat may say nothing: /proc, a device, a file still growing). */
export function tooLargeRead(shown: string, limit: number): Message {
  const size = sizeLimit(limit);
  return msg(
    `${shown}: tệp quá lớn (hơn ${size.vi}), không đọc tiếp; hãy kiểm tra đúng tệp chưa (một tệp loại này chỉ vài chục KB)`,
    `${shown}: the file is too large (over ${size.en}), reading stopped; check it is the right file (a file of this kind is a few tens of KB)`,
  );
}

/**
 * Reads a regular file (following symlinks to one), at most `limit` bytes: a larger file, or one that
 * is not a regular file, throws a UserError naming it. The size is what was read.
 */
export function readRegularFile(full: string, shown: string, limit: number): Buffer {
  let fd: number;
  try {
    const problem = notRegular(statSync(full), shown);
    if (problem) throw new UserError(problem);
    // O_NONBLOCK: if a FIFO replaced the file since stat, open returns at once instead of waiting for a writer.
    fd = openSync(full, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw e instanceof UserError ? e : new UserError(osErrorMessage(e, shown, "read"));
  }
  try {
    const stat = fstatSync(fd);
    const problem = notRegular(stat, shown);
    if (problem) throw new UserError(problem);
    const chunks: Buffer[] = [];
    let total = 0;
    // The first read asks for the size stat gives and one byte more, so a file of the usual few tens of KB
    // takes one buffer of its size: a megabyte per file costs a merge of thousands of files memory traffic
    // and garbage collections. After a short read a small one finds the end; after a full one, more follows.
    for (let want = stat.size > 0 ? stat.size + 1 : 64 * 1024; ;) {
      const chunk = Buffer.allocUnsafe(Math.min(want, limit + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > limit) throw new UserError(tooLargeRead(shown, limit));
      want = n < chunk.length ? 4096 : MB;
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } catch (e) {
    throw e instanceof UserError ? e : new UserError(osErrorMessage(e, shown, "read"));
  } finally {
    closeSync(fd);
  }
}

/** Stat that answers with a user message. */
export function statOrFail(full: string, shown: string): Stats {
  try {
    return statSync(full);
  } catch (e) {
    throw new UserError(osErrorMessage(e, shown, "read"));
  }
}

/** Refuses an output path that is a folder, or an existing file without --force, before any work is done. */
export function checkOutputPath(full: string, shown: string, force: boolean): void {
  let stat: Stats | undefined;
  try {
    stat = statSync(full);
  } catch {
    checkFolderFor(full, shown);
    return;
  }
  if (stat.isDirectory()) throw new UserError(osErrorMessage({ code: "EISDIR" }, shown, "write"));
  if (!force) {
    throw new UserError(
      msg(
        `${shown}: tệp đã có; chọn tên khác bằng --out hoặc thêm --force để ghi đè`,
        `${shown}: the file exists; choose another name with --out or add --force to overwrite it`,
      ),
    );
  }
  if (!stat.isFile()) {
    throw new UserError(
      msg(
        `${shown}: không phải tệp thường (thiết bị, ống dẫn…), không ghi đè; chọn tên tệp khác bằng --out`,
        `${shown}: not an ordinary file (a device, a pipe…), not overwritten; choose another file name with --out`,
      ),
    );
  }
}

/** Before the work: the nearest folder that exists must be a folder we may write in (a later error is still said then). */
function checkFolderFor(full: string, shown: string): void {
  for (let dir = path.dirname(full); ; dir = path.dirname(dir)) {
    let stat: Stats;
    try {
      stat = statSync(dir);
    } catch {
      if (path.dirname(dir) === dir) return;
      continue;
    }
    if (!stat.isDirectory()) throw new UserError(osErrorMessage({ code: "ENOTDIR" }, shown, "write"));
    try {
      accessSync(dir, constants.W_OK);
    } catch (e) {
      throw new UserError(osErrorMessage(e, shown, "write"));
    }
    return;
  }
}

/**
 * Writes the whole file or nothing: into a temporary file beside it, then renamed over it, so that a
 * full disk or a cut never leaves half a workbook under the real name.
 */
export function writeFileSafely(full: string, shown: string, bytes: Uint8Array): void {
  try {
    mkdirSync(path.dirname(full), { recursive: true });
  } catch (e) {
    throw new UserError(osErrorMessage(e, shown, "write"));
  }
  const temporary = path.join(path.dirname(full), `.${path.basename(full)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, bytes, { flag: "wx" });
    renameSync(temporary, full);
  } catch (e) {
    try {
      unlinkSync(temporary);
    } catch {
      // never created
    }
    throw new UserError(osErrorMessage(e, shown, "write"));
  }
}
