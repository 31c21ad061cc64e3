// A sheet's XML scanned as bytes: read as latin1, one character per byte, so that positions in the text
// are positions in the bytes and the scan never pays for UTF-8 decoding; only the pieces a reader keeps
// (a wanted cell, a shared string used) are decoded as UTF-8. Browser-safe; the CLI installs Node's
// Buffer decoder, several times faster than TextDecoder("latin1") there (setLatin1Decoder).

// Made on first use (a page may provide TextDecoder only after this module loads).
let decoders: { latin1: TextDecoder; utf8: TextDecoder } | undefined;
const decoder = () =>
  (decoders ??= {
    // WHATWG's "latin1" is windows-1252: still exactly one UTF-16 unit per byte, which is all the scan needs.
    latin1: new TextDecoder("latin1"),
    // ignoreBOM: a piece starting with U+FEFF keeps it, as the whole document decoded at once would.
    utf8: new TextDecoder("utf-8", { ignoreBOM: true }),
  });

let decodeLatin1 = (bytes: Uint8Array): string => decoder().latin1.decode(bytes);

/** Installs a faster latin1 decoder (the CLI passes Buffer's). */
export function setLatin1Decoder(install: ((bytes: Uint8Array) => string) | undefined): void {
  decodeLatin1 = install ?? ((bytes) => decoder().latin1.decode(bytes));
}

/** The bytes as latin1 text: character i is byte i. */
export function latin1(bytes: Uint8Array): string {
  return decodeLatin1(bytes);
}

const NON_ASCII = /[\u0080-\uffff]/;

/** Bytes [start, end) as UTF-8, given their latin1 text: ASCII (the usual case) needs no decoding. */
export function utf8Range(bytes: Uint8Array, text: string, start: number, end: number): string {
  const piece = text.slice(start, end);
  return NON_ASCII.test(piece) ? decoder().utf8.decode(bytes.subarray(start, end)) : piece;
}
