// Read by screen readers (or clicked through a button), not shown: one style for every pane component.
import type { GriffelStyle } from "@fluentui/react-components";

export const VISUALLY_HIDDEN: GriffelStyle = {
  position: "absolute",
  width: "1px",
  height: "1px",
  margin: "-1px",
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
};
