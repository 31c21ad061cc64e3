// The shared reader (src/xlsx) as the pane loads it, in its "merge" chunk and in the reader's Web Worker:
// fflate inflates the zip entries (the CLI installs node:zlib's instead).
import { fflateInflater } from "../xlsx/fflateInflate";
import { setRawInflater } from "../xlsx/zip";

setRawInflater(fflateInflater);

export { readCchcFile } from "../xlsx/ownWorkbook";
export { mergeReceived, readReceivedFiles } from "../xlsx/mergeFiles";
