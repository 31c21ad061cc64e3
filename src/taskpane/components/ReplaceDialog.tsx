// The question before anything on the workbook is replaced (insert, writing a summary): nothing is
// overwritten until the user says so.
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from "@fluentui/react-components";
import { Message } from "../../domain/messages";
import { S, useI18n } from "../i18n";

export interface ReplaceDialogProps {
  /** The question, or undefined when the dialog is closed */
  question: Message | undefined;
  onReplace: () => void;
  onCancel: () => void;
}

export function ReplaceDialog({ question, onReplace, onCancel }: ReplaceDialogProps) {
  const { t } = useI18n();
  return (
    <Dialog
      open={question !== undefined}
      modalType="alert"
      onOpenChange={(_, d) => {
        if (!d.open) onCancel();
      }}
    >
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t(S.replaceTitle)}</DialogTitle>
          <DialogContent>{question ? t(question) : ""}</DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onReplace}>
              {t(S.replace)}
            </Button>
            <Button appearance="secondary" onClick={onCancel}>
              {t(S.cancel)}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
