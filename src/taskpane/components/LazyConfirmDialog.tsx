// ConfirmDialog, fetched when its first question is asked and kept mounted after (so that closing it
// animates and gives the focus back as Fluent's dialog does).
import { lazy, Suspense, useState } from "react";
import type { ConfirmDialogProps } from "./ConfirmDialog";

const ConfirmDialog = lazy(() => import("./ConfirmDialog"));

export function LazyConfirmDialog(props: ConfirmDialogProps) {
  const [asked, setAsked] = useState(props.open);
  if (props.open && !asked) setAsked(true);
  return asked ? (
    <Suspense fallback={null}>
      <ConfirmDialog {...props} />
    </Suspense>
  ) : null;
}
