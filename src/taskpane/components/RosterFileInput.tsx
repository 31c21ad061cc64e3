// The file input behind a "choose a list of units" button (a .txt or .csv roster), hidden from view.
import { makeStyles } from "@fluentui/react-components";
import { Ref } from "react";
import { VISUALLY_HIDDEN } from "../visuallyHidden";

const useStyles = makeStyles({ hidden: VISUALLY_HIDDEN });

export function RosterFileInput({
  ref,
  label,
  onFile,
}: {
  ref: Ref<HTMLInputElement>;
  label: string;
  onFile: (file: File | undefined) => void;
}) {
  const styles = useStyles();
  return (
    <input
      ref={ref}
      type="file"
      accept=".txt,.csv,text/plain,text/csv"
      aria-label={label}
      className={styles.hidden}
      tabIndex={-1}
      onChange={(e) => {
        onFile(e.target.files?.[0]);
        e.target.value = "";
      }}
    />
  );
}
