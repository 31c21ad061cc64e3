// Node's codecs for the received files in the CLI: node:zlib for the zip entries, native, several times
// faster than fflate, and it stops by itself once the limit is reached (maxOutputLength); Buffer's latin1
// decoder for the sheets' XML, several times faster than TextDecoder("latin1") in Node.
import { inflateRawSync } from "node:zlib";
import { setLatin1Decoder } from "../xlsx/xmlBytes";
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
  setLatin1Decoder((bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1"));
}
