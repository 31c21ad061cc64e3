// A chosen file's bytes, for the pane and its reader worker alike.
import type { FileSource } from "../xlsx/mergeFiles";

/** A FileReader as a promise: the older Edge webview of Office 2019 lacks Blob.arrayBuffer(). */
export function readWith<T>(start: (reader: FileReader) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as T);
    reader.onerror = () => reject(reader.error ?? new Error("FileReader"));
    start(reader);
  });
}

/** A chosen file as the shared reader takes it. */
export function fileSourceOf(file: File): FileSource {
  return {
    name: file.name,
    size: file.size,
    modifiedAt: new Date(file.lastModified).toISOString(),
    read: async () => new Uint8Array(await readWith<ArrayBuffer>((r) => r.readAsArrayBuffer(file))),
  };
}
