// The task pane's Web Worker: reads the chosen files with the shared reader (src/xlsx/mergeFiles.ts),
// says which file it is on, and sends back the submissions (structured clone: parsed values, no workbook).
import { Message, UserError } from "../domain/messages";
import { TemplateRegistry } from "../domain/template/registry";
import { Template } from "../domain/template/schema";
import type { ReadFiles } from "../xlsx/mergeFiles";
import { readReceivedFiles } from "./xlsxReader";
import { fileSourceOf } from "./fileBytes";

export interface ReaderRequest {
  files: File[];
  /** The pane's templates, already validated (built-in and loaded by the user) */
  templates: Template[];
}

export type ReaderReply =
  | { type: "file"; index: number; name: string }
  | { type: "done"; result: ReadFiles }
  | { type: "error"; name: string; message: string; userMessage?: Message };

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<ReaderRequest>) => void) | null;
  postMessage(reply: ReaderReply): void;
};

scope.onmessage = (event) => {
  const { files, templates } = event.data;
  readReceivedFiles(files.map(fileSourceOf), new TemplateRegistry(templates), {
    onFile: (index, name) => scope.postMessage({ type: "file", index, name }),
  })
    .then((result) => scope.postMessage({ type: "done", result }))
    .catch((e: unknown) => {
      const error = e instanceof Error ? e : new Error(String(e));
      scope.postMessage({
        type: "error",
        name: error.name,
        message: error.message,
        userMessage: e instanceof UserError ? e.userMessage : undefined,
      });
    });
};
