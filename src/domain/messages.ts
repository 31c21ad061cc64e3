// Every message a user can see exists in Vietnamese (first) and English.
export type Lang = "vi" | "en";

export interface Message {
  vi: string;
  en: string;
}

export function msg(vi: string, en: string): Message {
  return { vi, en };
}

/** An expected failure with a message for the user (bad input, unknown template, …): never a stack trace. */
export class UserError extends Error {
  constructor(readonly userMessage: Message) {
    super(userMessage.en);
    this.name = "UserError";
  }
}
