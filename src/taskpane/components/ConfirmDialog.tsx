// The pane's one kind of dialog: a question before something is done, with the action and a way back.
// Loaded the first time a question is asked (LazyConfirmDialog): Fluent's dialog, its motion and portal
// are not part of the pane's first load.
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from "@fluentui/react-components";

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  question: string;
  confirm: string;
  back: string;
  onConfirm: () => void;
  /** Also on Escape */
  onBack: () => void;
}

export default function ConfirmDialog({ open, title, question, confirm, back, onConfirm, onBack }: ConfirmDialogProps) {
  return (
    <Dialog
      open={open}
      modalType="alert"
      onOpenChange={(_, d) => {
        if (!d.open) onBack();
      }}
    >
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent>{question}</DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onConfirm}>
              {confirm}
            </Button>
            <Button appearance="secondary" onClick={onBack}>
              {back}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
