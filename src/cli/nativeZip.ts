// Zip entries compressed by Node's zlib, about three times faster than fflate for the summary's
// sheets. Each piece pushed is deflated on its own and ends on a byte boundary (a sync flush), the last
// one finishes the stream: the pieces put end to end are one valid deflate stream.
import { constants, crc32, deflateRaw, deflateRawSync, ZlibOptions } from "node:zlib";
import { DeflatedPart, ZipEntry } from "../xlsx/xlsxWriter";

class NativeZipEntry implements ZipEntry {
  crc = 0;
  size = 0;
  compression = 8;
  ondata?: ZipEntry["ondata"];
  constructor(readonly filename: string) {}

  push(chunk: Uint8Array, final = false): void {
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    this.deflate(chunk, final);
  }

  protected deflate(chunk: Uint8Array, final: boolean): void {
    this.ondata!(null, deflateRawSync(chunk, deflating(final)), final);
  }
}

/** A part deflated here at once, as a NativeZipEntry given it in one piece would: the same bytes. */
export function deflatedPart(bytes: Uint8Array): DeflatedPart {
  return { deflated: deflateRawSync(bytes, deflating(true)), crc: crc32(bytes), size: bytes.length };
}

const deflating = (final: boolean): ZlibOptions => ({ level: 3, finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH });

type Piece = { final: boolean; done: boolean; data?: ReturnType<typeof deflateRawSync>; error?: Error };

/**
 * The same, each piece deflated on libuv's thread pool and handed on in order: this thread builds the next
 * pieces' XML meanwhile (a national summary's sheets are tens of megabytes of XML). The writer's
 * finished() waits for the last.
 */

class ThreadPoolZipEntry extends NativeZipEntry {
  /** The pieces pushed and not yet handed on, in order; each done once deflated. */
  private readonly pieces: Piece[] = [];
  private failed = false;

  protected override deflate(chunk: Uint8Array, final: boolean): void {
    const piece: Piece = { final, done: false };
    this.pieces.push(piece);
    deflateRaw(chunk, deflating(final), (error, data) => {
      [piece.done, piece.data, piece.error] = [true, data, error ?? undefined];
      this.handOn();
    });
  }

  private handOn(): void {
    while (this.pieces[0]?.done) {
      const { final, data, error } = this.pieces.shift()!;
      if (this.failed) continue;
      // The first failure ends the entry, and the workbook reports it.
      this.failed = error !== undefined;
      // zlib's error, with no fflate code (-1 is none of them).
      if (error) this.ondata!(Object.assign(error, { code: -1 }), new Uint8Array(0), true);
      else this.ondata!(null, data!, final);
    }
  }
}

/** Node's zlib where it has crc32 (Node ≥ 20.15), else undefined: the writer then uses fflate. */
export const nativeZipEntry = typeof crc32 === "function" ? (filename: string): ZipEntry => new NativeZipEntry(filename) : undefined;

/** ThreadPoolZipEntry where Node's zlib has crc32, for writers that wait with finished(). */
export const threadPoolZipEntry =
  typeof crc32 === "function" ? (filename: string): ZipEntry => new ThreadPoolZipEntry(filename) : undefined;
