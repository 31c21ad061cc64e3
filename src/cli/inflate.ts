// Node's codecs for the received files in the CLI: node:zlib for the zip entries, native, several times
// faster than fflate, and it stops by itself once the limit is reached (maxOutputLength), and its CRC-32
// where Node has it; Buffer's latin1 and UTF-8 decoders for the XML, several times faster than TextDecoder.
import { crc32, inflateRawSync } from "node:zlib";
import { setByteDecoders } from "../xlsx/xmlBytes";
import { setCrc32, setRawInflater, ZipError } from "../xlsx/zip";

const CHUNK_AT_MOST = 4 << 20;

export function useNodeInflater(): void {
  if (typeof crc32 === "function") setCrc32((data) => crc32(data));
  setRawInflater((data, budget, declaredSize) => {
    const limit = budget.left;
    // Output room for the size the zip declares (a hint only: at most 4 MB, and the limit still holds), so
    // that a sheet comes out in one piece instead of 16 KB ones joined at the end.
    const chunkSize = Math.max(64, Math.min(declaredSize + 1, limit + 1, CHUNK_AT_MOST));
    let out: Uint8Array;
    try {
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, limit), chunkSize });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw new ZipError("limit", `more than ${limit} bytes unpacked`);
      throw e;
    }
    budget.spend(out.length);
    return out;
  });
  const buffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  setByteDecoders({ latin1: (bytes) => buffer(bytes).toString("latin1"), utf8: (bytes) => buffer(bytes).toString("utf8") });
}
