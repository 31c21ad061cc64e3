// The workbench's spreadsheet: the active sheet of the in-memory workbook as an HTML grid that a
// user can click and type into like Excel (type or double-click to edit; Enter, Tab and the arrow
// keys commit and move; Escape cancels), with a formula bar, sheet tabs, merged cells, column
// widths, fills, borders and Excel's refusal on locked cells of a protected sheet.
import {
  CSSProperties,
  KeyboardEvent,
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { Lang, Message } from "../domain/messages";
import { columnLetter } from "../domain/sheet/plan";
import { Area, parseArea } from "./host/address";
import { CellView, InMemoryExcel, PROTECTED_CELL, SheetView } from "./host";
import { displayText } from "./host/locale";
import { Border } from "./host/model";

export interface GridProps {
  host: Pick<InMemoryExcel, "workbook" | "userEdit" | "userSelect" | "userActivate">;
  /**
   * Fill for a cell, e.g. from evaluating the sheet's conditional formats (the host stores those
   * but does not evaluate them); undefined keeps the cell's own fill.
   */
  cellFill?: (sheet: string, address: string) => string | undefined;
  /** Number format for a cell's number, e.g. from the sheet's conditional formats; undefined keeps the cell's own. */
  cellFormat?: (sheet: string, address: string, value: number) => string | undefined;
  lang?: Lang;
}

const LABELS = {
  nameBox: { vi: "Ô đang chọn", en: "Selected cell" },
  formulaBar: { vi: "Thanh công thức", en: "Formula bar" },
  edit: { vi: "Nhập vào ô", en: "Edit cell" },
  tabs: { vi: "Các trang tính", en: "Sheets" },
  close: { vi: "Đóng", en: "Close" },
} satisfies Record<string, Message>;

/** Excel stores widths and heights in points; the screen has 96 px per 72 pt. */
const px = (points: number) => Math.round((points * 4) / 3);
const MIN_ROWS = 20;
const MIN_COLUMNS = 8;
const EXTRA_ROWS = 3;
const EXTRA_COLUMNS = 2;
const HEADER_HEIGHT = 20;

const BORDER_CSS: Record<string, string> = {
  Continuous: "solid",
  Dash: "dashed",
  DashDot: "dashed",
  DashDotDot: "dotted",
  Dot: "dotted",
  Double: "double",
  SlantDashDot: "dashed",
};
const WEIGHT_PX: Record<string, number> = { Hairline: 1, Thin: 1, Medium: 2, Thick: 3 };

function borderCss(b: Border | undefined): string | undefined {
  if (!b || b.style === "None") return undefined;
  return `${b.style === "Double" ? 3 : (WEIGHT_PX[b.weight] ?? 1)}px ${BORDER_CSS[b.style] ?? "solid"} ${b.color}`;
}

function textAlign(cell: CellView): CSSProperties["textAlign"] {
  switch (cell.style.horizontal) {
    case "Left":
      return "left";
    case "Center":
    case "CenterAcrossSelection":
      return "center";
    case "Right":
      return "right";
    case "Justify":
    case "Distributed":
      return "justify";
    case "General":
      return typeof cell.value === "number" ? "right" : typeof cell.value === "boolean" ? "center" : "left";
    default:
      return "left";
  }
}

const VERTICAL: Record<string, CSSProperties["verticalAlign"]> = { Top: "top", Center: "middle", Bottom: "bottom" };

interface CellModel {
  cell: CellView;
  /** What the cell shows: its text, or its number through the format cellFormat gives */
  text: string;
  row: number;
  column: number;
  rowSpan: number;
  colSpan: number;
  /** px: Excel clips a cell's text to its row height (its rows' heights when merged) */
  height: number;
  style: CSSProperties;
}

interface RowModel {
  row: number;
  height: number;
  /** Frozen rows stay in view (Freeze Panes) */
  frozen: boolean;
  cells: CellModel[];
}

export interface SheetModel {
  name: string;
  protected: boolean;
  columns: { column: number; width: number }[];
  rows: RowModel[];
  /** What the frozen rows' offsets depend on: their heights and cells (not their text, which an edit changes) */
  frozenLayout: string;
  /** Merged areas by their upper-left cell, to move past them with the keyboard */
  merges: Area[];
  hiddenColumns: Set<number>;
  hiddenRows: Set<number>;
  lastRow: number;
  lastColumn: number;
}

/** Same content and look: the model of the last render is kept, so that its memoised row and cell skip rendering. */
function sameCell(a: CellModel, b: CellModel): boolean {
  if (a.rowSpan !== b.rowSpan || a.colSpan !== b.colSpan || a.height !== b.height) return false;
  const x = a.cell;
  const y = b.cell;
  if (
    a.text !== b.text ||
    x.text !== y.text ||
    x.value !== y.value ||
    x.formula !== y.formula ||
    x.numberFormat !== y.numberFormat ||
    x.locked !== y.locked
  )
    return false;
  const keys = Object.keys(a.style) as (keyof CSSProperties)[];
  return keys.length === Object.keys(b.style).length && keys.every((k) => a.style[k] === b.style[k]);
}

function sameRow(a: RowModel, b: RowModel): boolean {
  return a.height === b.height && a.frozen === b.frozen && a.cells.length === b.cells.length && a.cells.every((c, i) => c === b.cells[i]);
}

/**
 * The sheet as rows of cells. Given the model of the previous render, every cell and row that did not
 * change is that render's object: an edit re-renders the cells it changed (the typed cell, the formulas
 * and checks over it), not the whole sheet.
 */
export function buildModel(sheet: SheetView, paint: Pick<GridProps, "cellFill" | "cellFormat">, previous?: SheetModel): SheetModel {
  const { cellFill, cellFormat } = paint;
  const extent = sheet.extent();
  const lastRow = Math.max(extent.rows + EXTRA_ROWS, MIN_ROWS);
  const lastColumn = Math.max(extent.columns + EXTRA_COLUMNS, MIN_COLUMNS);
  const hiddenColumns = new Set<number>();
  const hiddenRows = new Set<number>();
  for (let c = 1; c <= lastColumn; c++) if (sheet.columnHidden(c)) hiddenColumns.add(c);
  for (let r = 1; r <= lastRow; r++) if (sheet.rowHidden(r)) hiddenRows.add(r);
  const merges = sheet.merges().map((m) => ({ r1: m.row, c1: m.column, r2: m.row + m.rows - 1, c2: m.column + m.columns - 1 }));
  const covered = new Set<string>();
  const spans = new Map<string, { rowSpan: number; colSpan: number }>();
  for (const m of merges) {
    let rowSpan = 0;
    let colSpan = 0;
    for (let r = m.r1; r <= m.r2; r++) if (!hiddenRows.has(r)) rowSpan++;
    for (let c = m.c1; c <= m.c2; c++) if (!hiddenColumns.has(c)) colSpan++;
    spans.set(`${m.r1}:${m.c1}`, { rowSpan: Math.max(rowSpan, 1), colSpan: Math.max(colSpan, 1) });
    for (let r = m.r1; r <= m.r2; r++) for (let c = m.c1; c <= m.c2; c++) if (r !== m.r1 || c !== m.c1) covered.add(`${r}:${c}`);
  }
  const columns: SheetModel["columns"] = [];
  for (let c = 1; c <= lastColumn; c++) if (!hiddenColumns.has(c)) columns.push({ column: c, width: px(sheet.columnWidth(c)) });
  const sameSheet = previous?.name === sheet.name;
  const keptColumns =
    sameSheet &&
    previous.columns.length === columns.length &&
    previous.columns.every((c, i) => c.column === columns[i].column && c.width === columns[i].width)
      ? previous.columns
      : columns;
  const before = new Map<number, RowModel>(sameSheet ? previous.rows.map((r) => [r.row, r]) : []);
  const heightOf = (r: number) => (hiddenRows.has(r) ? 0 : px(sheet.rowHeight(r)));
  const rows: RowModel[] = [];
  // A line between two cells is drawn once: skip a top (left) border under a bottom (right) one.
  let bottoms = new Set<number>();
  for (let r = 1; r <= lastRow; r++) {
    if (hiddenRows.has(r)) continue;
    const height = heightOf(r);
    const frozen = r <= sheet.frozenRows;
    const old = before.get(r);
    const oldCells = new Map(old?.cells.map((m) => [m.column, m]));
    const cells: CellModel[] = [];
    const rowBottoms = new Set<number>();
    let rightBefore = false;
    for (const { column: c } of columns) {
      if (covered.has(`${r}:${c}`)) continue;
      const cell = sheet.cell(r, c);
      const s = cell.style;
      const span = spans.get(`${r}:${c}`) ?? { rowSpan: 1, colSpan: 1 };
      const merge = span.rowSpan > 1 ? merges.find((m) => m.r1 === r && m.c1 === c) : undefined;
      let spanned = height;
      if (merge) for (let i = merge.r1 + 1; i <= merge.r2; i++) spanned += heightOf(i);
      const { top: bTop, bottom: bBottom, left: bLeft, right: bRight } = s.borders;
      const drawTop = bottoms.has(c) ? undefined : borderCss(bTop);
      const drawLeft = rightBefore ? undefined : borderCss(bLeft);
      rightBefore = borderCss(bRight) !== undefined;
      if (borderCss(bBottom)) for (let i = c; i < c + span.colSpan; i++) rowBottoms.add(i);
      const format = typeof cell.value === "number" ? cellFormat?.(sheet.name, cell.address, cell.value) : undefined;
      const next: CellModel = {
        cell,
        text: format ? displayText(cell.value, format) : cell.text,
        row: r,
        column: c,
        ...span,
        height: spanned,
        style: {
          background: cellFill?.(sheet.name, cell.address) ?? s.fill,
          fontFamily: `"${s.fontName}", Calibri, Arial, sans-serif`,
          fontSize: `${s.fontSize}pt`,
          fontWeight: s.bold ? 700 : undefined,
          fontStyle: s.italic ? "italic" : undefined,
          color: s.color,
          textAlign: textAlign(cell),
          verticalAlign: VERTICAL[s.vertical] ?? "middle",
          whiteSpace: s.wrap ? "pre-wrap" : "pre",
          borderTop: drawTop,
          borderBottom: borderCss(bBottom),
          borderLeft: drawLeft,
          borderRight: borderCss(bRight),
        },
      };
      const kept = oldCells.get(c);
      cells.push(kept && sameCell(kept, next) ? kept : next);
    }
    const row: RowModel = { row: r, height, frozen, cells };
    rows.push(old && sameRow(old, row) ? old : row);
    bottoms = rowBottoms;
  }
  const frozenLayout = rows
    .filter((r) => r.frozen)
    .map((r) => `${r.row}:${r.height}:${r.cells.map((c) => `${c.column}/${c.rowSpan}/${c.colSpan}`).join(",")}`)
    .join(";");
  return {
    name: sheet.name,
    protected: sheet.protected,
    columns: keptColumns,
    rows,
    frozenLayout,
    merges,
    hiddenColumns,
    hiddenRows,
    lastRow,
    lastColumn,
  };
}

/** buildModel with the model it built last, one per grid. */
function modelBuilder(): (sheet: SheetView, paint: Pick<GridProps, "cellFill" | "cellFormat">) => SheetModel {
  let last: SheetModel | undefined;
  return (sheet, paint) => (last = buildModel(sheet, paint, last));
}

interface Editing {
  address: string;
  initial: string;
  /** "enter": started by typing, the arrow keys commit and move (Excel's Enter mode); "edit": F2 or double-click */
  mode: "enter" | "edit";
}

type Move = [rows: number, columns: number];

function CellEditor(props: {
  address: string;
  editing: Editing;
  label: string;
  onDone: (commit: boolean, text: string, move?: Move) => void;
}) {
  const { editing, onDone } = props;
  const [text, setText] = useState(editing.initial);
  const finished = useRef(false);
  const finish = (commit: boolean, move?: Move) => {
    if (finished.current) return;
    finished.current = true;
    onDone(commit, text, move);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    e.stopPropagation();
    const arrows: Record<string, Move> = { ArrowDown: [1, 0], ArrowUp: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1] };
    if (e.key === "Enter") finish(true, e.shiftKey ? [-1, 0] : [1, 0]);
    else if (e.key === "Tab") finish(true, e.shiftKey ? [0, -1] : [0, 1]);
    else if (e.key === "Escape") finish(false);
    else if (editing.mode === "enter" && arrows[e.key]) finish(true, arrows[e.key]);
    else return;
    e.preventDefault();
  };
  return (
    <input
      className="cchc-grid__editor"
      aria-label={`${props.label} ${props.address}`}
      autoFocus
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={onKeyDown}
      onBlur={() => finish(true)}
      onFocus={(e) => e.target.setSelectionRange(e.target.value.length, e.target.value.length)}
    />
  );
}

interface RowProps {
  model: RowModel;
  selection: Area | undefined;
  active: { row: number; column: number } | undefined;
  editing: Editing | undefined;
  editLabel: string;
  onMouseDown: (address: string) => void;
  onDoubleClick: (cell: CellModel) => void;
  onEditDone: (commit: boolean, text: string, move?: Move) => void;
}

const Row = memo(function Row({ model, selection, active, editing, editLabel, onMouseDown, onDoubleClick, onEditDone }: RowProps) {
  return (
    <tr
      role="row"
      aria-rowindex={model.row + 1}
      style={{ height: model.height }}
      className={model.frozen ? "cchc-grid__frozen" : undefined}
    >
      <th role="rowheader" scope="row" className="cchc-grid__rowhead">
        {model.row}
      </th>
      {model.cells.map((m) => {
        const isActive = active?.row === m.row && active.column === m.column;
        const inSelection =
          selection !== undefined && m.row >= selection.r1 && m.row <= selection.r2 && m.column >= selection.c1 && m.column <= selection.c2;
        const cellEditing = editing?.address === m.cell.address ? editing : undefined;
        return (
          <GridCell
            key={m.column}
            model={m}
            active={isActive}
            selected={inSelection && !isActive}
            editing={cellEditing}
            editLabel={editLabel}
            onMouseDown={onMouseDown}
            onDoubleClick={onDoubleClick}
            onEditDone={cellEditing ? onEditDone : noop}
          />
        );
      })}
    </tr>
  );
});

interface CellProps {
  model: CellModel;
  active: boolean;
  selected: boolean;
  editing: Editing | undefined;
  editLabel: string;
  onMouseDown: (address: string) => void;
  onDoubleClick: (cell: CellModel) => void;
  onEditDone: (commit: boolean, text: string, move?: Move) => void;
}

/** One cell; memoised, so that a row re-rendered for one changed cell leaves its other cells alone. */
const GridCell = memo(function GridCell({
  model: m,
  active,
  selected,
  editing,
  editLabel,
  onMouseDown,
  onDoubleClick,
  onEditDone,
}: CellProps) {
  const { address } = m.cell;
  const { text } = m;
  return (
    <td
      role="gridcell"
      id={`cchc-cell-${address}`}
      data-address={address}
      aria-label={text ? `${address} ${text}` : address}
      aria-colindex={m.column + 1}
      aria-selected={active}
      tabIndex={active ? 0 : -1}
      rowSpan={m.rowSpan > 1 ? m.rowSpan : undefined}
      colSpan={m.colSpan > 1 ? m.colSpan : undefined}
      className={`cchc-grid__cell${active ? " cchc-grid__cell--active" : ""}${selected ? " cchc-grid__cell--selected" : ""}`}
      style={m.style}
      onMouseDown={() => onMouseDown(address)}
      onDoubleClick={() => onDoubleClick(m)}
    >
      {editing ? (
        <CellEditor address={address} editing={editing} label={editLabel} onDone={onEditDone} />
      ) : (
        <div className="cchc-grid__content" style={{ maxHeight: m.height }}>
          {text}
        </div>
      )}
    </td>
  );
});

/** The active sheet's grid with a formula bar and sheet tabs, driven entirely by the host. */
export function Grid({ host, cellFill, cellFormat, lang = "vi" }: GridProps) {
  const workbook = host.workbook;
  // Re-render on content changes and on selection or sheet changes alike.
  useSyncExternalStore(
    useCallback((listener: () => void) => workbook.subscribe(listener), [workbook]),
    () => `${workbook.version}|${workbook.activeSheet()}|${workbook.selection().address}`,
  );
  const version = workbook.version;
  const activeName = workbook.activeSheet();
  const sheet = workbook.sheet(activeName)!;
  // Rebuilt only when the workbook changes, not while the user types in a cell. `version` is the change signal:
  // each sheet() is a new view. The last model is kept to reuse what did not change.
  const [build] = useState(modelBuilder);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const model = useMemo(() => build(sheet, { cellFill, cellFormat }), [version, activeName, cellFill, cellFormat]);
  const selection = workbook.selection();
  const selected = selection.sheet === activeName ? parseArea(selection.address) : undefined;
  const area = selected && { r1: selected.r1 + 1, c1: selected.c1 + 1, r2: selected.r2 + 1, c2: selected.c2 + 1 };
  const active = area && { row: area.r1, column: area.c1 };
  const activeCell = active ? sheet.cell(active.row, active.column) : undefined;

  const [editing, setEditing] = useState<Editing | undefined>();
  const [message, setMessage] = useState<Message | undefined>();
  const tableRef = useRef<HTMLTableElement>(null);
  const wantsFocus = useRef(false);

  // Frozen rows stick where they sit when the sheet is scrolled to the top.
  // Every offset is read before any is written: interleaving them makes the browser lay the whole
  // table out again for each cell (minutes for a summary with 200 unit columns).
  // Reading them lays the table out: only when the frozen rows' layout changes (the sheet, its heights), not on each edit.
  useLayoutEffect(() => {
    const rows = Array.from(tableRef.current?.querySelectorAll<HTMLTableRowElement>("tr.cchc-grid__frozen") ?? []);
    const tops = rows.map((tr) => tr.offsetTop);
    rows.forEach((tr, i) => Array.from(tr.cells).forEach((cell) => (cell.style.top = `${tops[i]}px`)));
  }, [activeName, model.frozenLayout]);

  // The focus follows the active cell while the grid has it (keyboard moves, the add-in selecting a
  // cell); a selection made from the task pane does not pull the focus out of the pane.
  useEffect(() => {
    const table = tableRef.current;
    if (editing || !active || !table) return;
    if (!wantsFocus.current && !table.contains(document.activeElement)) return;
    wantsFocus.current = false;
    const target = table.querySelector<HTMLElement>(`[data-address="${activeCell?.address}"]`);
    if (target && document.activeElement !== target) target.focus();
  });

  /** Next visible cell in a direction, stepping over hidden lines and past merged areas. */
  const move = ([dr, dc]: Move) => {
    if (!area) return;
    const visibleRow = (r: number, step: number) => {
      while (r >= 1 && r <= model.lastRow && model.hiddenRows.has(r)) r += step;
      return Math.min(Math.max(r, 1), model.lastRow);
    };
    const visibleColumn = (c: number, step: number) => {
      while (c >= 1 && c <= model.lastColumn && model.hiddenColumns.has(c)) c += step;
      return Math.min(Math.max(c, 1), model.lastColumn);
    };
    const row = dr > 0 ? visibleRow(area.r2 + 1, 1) : dr < 0 ? visibleRow(area.r1 - 1, -1) : area.r1;
    const column = dc > 0 ? visibleColumn(area.c2 + 1, 1) : dc < 0 ? visibleColumn(area.c1 - 1, -1) : area.c1;
    wantsFocus.current = true;
    host.userSelect(activeName, `${columnLetter(column)}${row}`);
  };

  const refuseLocked = (cell: CellView): boolean => {
    if (!(model.protected && cell.locked)) return false;
    setMessage(PROTECTED_CELL);
    return true;
  };

  const startEditing = (cell: CellView, initial: string, mode: Editing["mode"]) => {
    if (refuseLocked(cell)) return;
    setMessage(undefined);
    setEditing({ address: cell.address, initial, mode });
  };

  const onEditDone = (commit: boolean, text: string, step?: Move) => {
    const address = editing?.address;
    setEditing(undefined);
    // Enter, Tab, arrows and Escape keep the focus in the grid; leaving the cell by a click does not pull it back.
    wantsFocus.current = step !== undefined || !commit;
    if (commit && address) {
      const result = host.userEdit(activeName, address, text);
      if (!result.ok) setMessage(result.message);
    }
    if (step) move(step);
  };

  // Rows are memoized: give them stable handlers that call this render's functions.
  const latest = useRef({ startEditing, select: (address: string) => host.userSelect(activeName, address) });
  useLayoutEffect(() => {
    latest.current = { startEditing, select: (address: string) => host.userSelect(activeName, address) };
  });
  const onMouseDown = useCallback((address: string) => latest.current.select(address), []);
  const onDoubleClick = useCallback((m: CellModel) => latest.current.startEditing(m.cell, m.cell.editText, "edit"), []);

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    if (editing || !activeCell) return;
    const moves: Record<string, Move> = {
      ArrowDown: [1, 0],
      ArrowUp: [-1, 0],
      ArrowRight: [0, 1],
      ArrowLeft: [0, -1],
      Enter: e.shiftKey ? [-1, 0] : [1, 0],
      Tab: e.shiftKey ? [0, -1] : [0, 1],
    };
    // Tab moves along the row as in Excel, and leaves the grid past its first or last column.
    const lastShown = model.columns[model.columns.length - 1]?.column ?? 1;
    const firstShown = model.columns[0]?.column ?? 1;
    if (e.key === "Tab" && area && (e.shiftKey ? area.c1 <= firstShown : area.c2 >= lastShown)) return;
    if (moves[e.key]) {
      setMessage(undefined);
      move(moves[e.key]);
    } else if (e.key === "F2") {
      startEditing(activeCell, activeCell.editText, "edit");
    } else if (e.key === "Delete" || e.key === "Backspace") {
      if (!refuseLocked(activeCell)) host.userEdit(activeName, activeCell.address, "");
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      startEditing(activeCell, e.key, "enter");
    } else return;
    e.preventDefault();
  };

  const editingRow = editing ? parseArea(editing.address)!.r1 + 1 : undefined;
  const editLabel = LABELS.edit[lang];

  return (
    <div className="cchc-grid" lang={lang}>
      <style>{GRID_CSS}</style>
      <div className="cchc-grid__bar">
        <output className="cchc-grid__namebox" aria-label={LABELS.nameBox[lang]}>
          {selection.sheet === activeName ? selection.address : ""}
        </output>
        <span className="cchc-grid__fx" aria-hidden="true">
          fx
        </span>
        <output className="cchc-grid__formula" aria-label={LABELS.formulaBar[lang]}>
          {activeCell?.editText ?? ""}
        </output>
      </div>
      {message && (
        <div role="alert" className="cchc-grid__alert">
          <span>{message[lang]}</span>
          <button type="button" onClick={() => setMessage(undefined)}>
            {LABELS.close[lang]}
          </button>
        </div>
      )}
      <div className="cchc-grid__scroll">
        <table
          ref={tableRef}
          role="grid"
          aria-label={activeName}
          aria-rowcount={model.lastRow + 1}
          aria-colcount={model.lastColumn + 1}
          className="cchc-grid__table"
          onKeyDown={onKeyDown}
        >
          <colgroup>
            <col style={{ width: 44 }} />
            {model.columns.map((c) => (
              <col key={c.column} style={{ width: c.width }} />
            ))}
          </colgroup>
          <thead>
            <tr role="row" aria-rowindex={1} style={{ height: HEADER_HEIGHT }}>
              <th className="cchc-grid__corner" aria-hidden="true" />
              {model.columns.map((c) => (
                <th
                  key={c.column}
                  role="columnheader"
                  scope="col"
                  aria-colindex={c.column + 1}
                  className={area && c.column >= area.c1 && c.column <= area.c2 ? "cchc-grid__head--selected" : undefined}
                >
                  {columnLetter(c.column)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {model.rows.map((r) => {
              const crosses = area && r.row >= area.r1 && r.row <= area.r2 ? area : undefined;
              const rowEditing = editingRow === r.row ? editing : undefined;
              return (
                <Row
                  key={r.row}
                  model={r}
                  selection={crosses}
                  active={active && crosses ? active : undefined}
                  editing={rowEditing}
                  editLabel={editLabel}
                  onMouseDown={onMouseDown}
                  onDoubleClick={onDoubleClick}
                  onEditDone={rowEditing ? onEditDone : noop}
                />
              );
            })}
          </tbody>
        </table>
      </div>
      <div role="tablist" aria-label={LABELS.tabs[lang]} className="cchc-grid__tabs">
        {workbook.visibleSheets().map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={name === activeName}
            className="cchc-grid__tab"
            onClick={() => host.userActivate(name)}
          >
            {name}
          </button>
        ))}
      </div>
    </div>
  );
}

function noop(): void {}

// Inline so the grid needs no CSS loader in webpack or Jest.
const GRID_CSS = `
.cchc-grid { display: flex; flex-direction: column; height: 100%; min-height: 0; font: 13px "Segoe UI", system-ui, sans-serif; color: #201f1e; background: #fff; }
.cchc-grid__bar { display: flex; align-items: stretch; gap: 0; border-bottom: 1px solid #d4d4d4; height: 26px; }
.cchc-grid__namebox { width: 88px; padding: 3px 6px; border-right: 1px solid #d4d4d4; white-space: nowrap; overflow: hidden; }
.cchc-grid__fx { padding: 3px 8px; color: #605e5c; font-style: italic; border-right: 1px solid #d4d4d4; }
.cchc-grid__formula { flex: 1; padding: 3px 6px; white-space: pre; overflow: hidden; text-overflow: ellipsis; }
.cchc-grid__alert { display: flex; gap: 12px; align-items: center; padding: 6px 10px; background: #fde7e9; border-bottom: 1px solid #c50f1f; color: #a4262c; }
.cchc-grid__alert button { margin-left: auto; }
.cchc-grid__scroll { flex: 1; min-height: 0; overflow: auto; position: relative; }
.cchc-grid__table { border-collapse: separate; border-spacing: 0; table-layout: fixed; width: max-content; outline: none; }
.cchc-grid__table th { background: #f3f2f1; color: #444; font-weight: 400; font-size: 12px; border: 0 solid #d4d4d4; border-width: 0 1px 1px 0; text-align: center; padding: 0; }
.cchc-grid__table thead th { position: sticky; top: 0; z-index: 2; height: ${HEADER_HEIGHT}px; }
.cchc-grid__corner { left: 0; z-index: 4 !important; }
.cchc-grid__rowhead { position: sticky; left: 0; z-index: 2; }
.cchc-grid__frozen > td { position: sticky; z-index: 1; }
.cchc-grid__frozen > th { z-index: 3; }
.cchc-grid__head--selected { background: #e1dfdd !important; color: #107c41 !important; font-weight: 600 !important; }
.cchc-grid__cell { border: 0 solid #e1e1e1; border-width: 0 1px 1px 0; padding: 0 3px; overflow: hidden; cursor: cell; }
.cchc-grid__cell:not([style*="background"]) { background: #fff; }
.cchc-grid__cell--selected { box-shadow: inset 0 0 0 9999px rgba(16, 124, 65, 0.08); }
.cchc-grid__cell:focus { outline: none; }
.cchc-grid__cell--active, .cchc-grid__cell--active:focus { outline: 2px solid #107c41; outline-offset: -2px; }
.cchc-grid__content { overflow: hidden; }
.cchc-grid__editor { width: 100%; height: 100%; box-sizing: border-box; border: none; outline: none; font: inherit; padding: 0; background: #fff; }
.cchc-grid__tabs { display: flex; gap: 2px; border-top: 1px solid #d4d4d4; padding: 0 8px; background: #f3f2f1; }
.cchc-grid__tab { border: none; background: transparent; padding: 4px 14px; font: inherit; cursor: pointer; }
.cchc-grid__tab[aria-selected="true"] { background: #fff; color: #107c41; font-weight: 600; border-bottom: 2px solid #107c41; }
`;
