// A sheet's XML scanned as bytes: read as latin1, one character per byte, so that positions in the text
// are positions in the bytes and the scan never pays for UTF-8 decoding; only the pieces a reader keeps
// (a wanted cell, a shared string used) are decoded as UTF-8. Browser-safe; the CLI installs Node's
// Buffer decoders, several times faster than TextDecoder there, above all for the many short pieces.

export interface ByteDecoders {
  latin1(bytes: Uint8Array): string;
  /** UTF-8 with any BOM kept and malformed bytes as U+FFFD */
  utf8(bytes: Uint8Array): string;
}

// Made on first use (a page may provide TextDecoder only after this module loads).
let textDecoders: ByteDecoders | undefined;
const webDecoders = (): ByteDecoders => {
  if (!textDecoders) {
    // WHATWG's "latin1" is windows-1252: still exactly one UTF-16 unit per byte, which is all the scan needs.
    const latin1 = new TextDecoder("latin1");
    // ignoreBOM: a piece starting with U+FEFF keeps it, as the whole document decoded at once would.
    const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
    textDecoders = { latin1: (b) => latin1.decode(b), utf8: (b) => utf8.decode(b) };
  }
  return textDecoders;
};

let installed: ByteDecoders | undefined;

/** Installs faster decoders (the CLI passes Buffer's). */
export function setByteDecoders(decoders: ByteDecoders | undefined): void {
  installed = decoders;
}

const decoders = () => installed ?? webDecoders();

/** The bytes as latin1 text: character i is byte i. */
export function latin1(bytes: Uint8Array): string {
  return decoders().latin1(bytes);
}

/** A whole part as UTF-8 text, without its byte order mark. */
export function utf8Text(bytes: Uint8Array): string {
  const text = decoders().utf8(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A piece of a part as UTF-8 (a byte order mark kept), in a string of its own. */
export function utf8Piece(bytes: Uint8Array): string {
  return decoders().utf8(bytes);
}

const NON_ASCII = /[\u0080-\uffff]/;

/** Bytes [start, end) as UTF-8, given their latin1 text: ASCII (the usual case) needs no decoding. */
export function utf8Range(bytes: Uint8Array, text: string, start: number, end: number): string {
  const piece = text.slice(start, end);
  return NON_ASCII.test(piece) ? utf8Piece(bytes.subarray(start, end)) : piece;
}
