// node:zlib for the received files' zip entries in the CLI: native, several times faster than fflate, and
// it stops by itself once the limit is reached (maxOutputLength); its CRC-32 too, where Node has it.
import { crc32, inflateRawSync } from "node:zlib";
import { setCrc32, setRawInflater, ZipError } from "../xlsx/zip";

export function useNodeInflater(): void {
  if (typeof crc32 === "function") setCrc32((data) => crc32(data));
  setRawInflater((data, limit) => {
    try {
      return inflateRawSync(data, { maxOutputLength: Math.max(1, limit) });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw new ZipError("limit", `more than ${limit} bytes unpacked`);
      throw e;
    }
  });
}
