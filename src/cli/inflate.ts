// node:zlib for the received files' zip entries in the CLI: native, several times faster than fflate, and
// it stops by itself once the limit is reached (maxOutputLength).
import { inflateRawSync } from "node:zlib";
import { setRawInflater, ZipError } from "../xlsx/zip";

export function useNodeInflater(): void {
  setRawInflater((data, limit) => {
    try {
      return inflateRawSync(data, { maxOutputLength: Math.max(1, limit) });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw new ZipError("limit", `more than ${limit} bytes unpacked`);
      throw e;
    }
  });
}
