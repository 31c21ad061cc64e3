// The question before anything on the workbook is replaced (insert, writing a summary): nothing is
// overwritten until the user says so.
import { Message } from "../../domain/messages";
import { S, useI18n } from "../i18n";
import { LazyConfirmDialog } from "./LazyConfirmDialog";

export interface ReplaceDialogProps {
  /** The question, or undefined when the dialog is closed */
  question: Message | undefined;
  onReplace: () => void;
  onCancel: () => void;
}

export function ReplaceDialog({ question, onReplace, onCancel }: ReplaceDialogProps) {
  const { t } = useI18n();
  return (
    <LazyConfirmDialog
      open={question !== undefined}
      title={t(S.replaceTitle)}
      question={question ? t(question) : ""}
      confirm={t(S.replace)}
      back={t(S.cancel)}
      onConfirm={onReplace}
      onBack={onCancel}
    />
  );
}
