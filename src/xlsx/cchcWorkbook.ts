// One of our workbooks (found by its `_cchc` sheet and defined names) as plain data, whichever reader
// took it apart: the targeted reader (ownWorkbook.ts, every received file of ours) or ExcelJS
// (readWorkbook.ts). Both give this module the same primitives, so the checks on what they found are
// one piece of code. No ExcelJS, no Node APIs.
import { msg, UserError } from "../domain/messages";
import { NAME_COLUMN, STT_COLUMN, SUBTITLE_CELL } from "../domain/sheet/layout";
import { address, cellPosition } from "../domain/sheet/plan";
import { OtherFormError, Placement, WorkbookUnderTest } from "../domain/trust";
import { TemplateRegistry } from "../domain/template/registry";
import { Template } from "../domain/template/schema";
import { RawValue } from "../domain/values";
import { cleanUnitName, definedNameFor, parseMetadata, TITLE_INPUT_NAMES, unitNameInSheet } from "../domain/workbookContract";

export interface ReadCell {
  address: string;
  /** The cell's content as a value (for formula cells, the cached result if the file has one). */
  raw: RawValue;
  /** The formula text without "=", when the cell holds a formula. */
  formula?: string;
}

/** What a workbook holds, before it is believed: validateWorkbook (domain/trust.ts) decides what to trust. */
export interface ReadWorkbook extends WorkbookUnderTest {
  cells: Map<string, ReadCell>;
  layout: { placements: Map<string, Placement>; subtitle?: string };
}

/** Rejects a file with a message that names it, in Vietnamese and English. */
export function failFile(file: string, vi: string, en: string): never {
  throw new UserError(msg(`${file}: ${vi}`, `${file}: ${en}`));
}

export interface CellAt {
  sheet: string;
  address: string;
}

/** What a reader gives: the `_cchc` rows, where a defined name points, and the cells asked for. */
export interface WorkbookSource {
  /** The `_cchc` rows (column A key, column B value), undefined when the workbook has no such sheet. */
  metadataRows(): [string, string][] | undefined;
  /** The one cell a workbook-level name points at, on a sheet the workbook has; undefined otherwise. */
  nameCell(name: string): CellAt | undefined;
  /** The cells asked for, by sheet then address (a cell the sheet does not have reads as empty). */
  cells(wanted: ReadonlyMap<string, readonly string[]>): Map<string, Map<string, ReadCell>>;
}

const VALUE_CELL_NAMES = new WeakMap<Template, { code: string; name: string }[]>();

/** The defined name of each indicator's value cell (not the headings'), made once per template. */
function valueCellNames(template: Template): { code: string; name: string }[] {
  let names = VALUE_CELL_NAMES.get(template);
  if (!names) {
    names = template.indicators.filter((ind) => ind.kind !== "header").map((ind) => ({ code: ind.code, name: definedNameFor(ind.code) }));
    VALUE_CELL_NAMES.set(template, names);
  }
  return names;
}

/** Where a form's cells are, from where its names point: each value cell with the STT and name cells of its row. */
interface FormCells {
  /** What nameCell gave for each value cell's name, then for the unit's name; the sheet `_cchc` names */
  pointed: (CellAt | undefined)[];
  template: Template;
  metaSheet: string;
  located: { code: string; at: CellAt; row: number; col: number; stt: CellAt; name: CellAt }[];
  sheetName: string;
  subtitleAt: CellAt;
  /** The cells to read, by sheet */
  wanted: Map<string, string[]>;
}

/**
 * FormCells kept by where the first value cell's name points, used again when every name points at the
 * very same CellAt: the targeted reader shares them between files whose workbook.xml is stored alike, so
 * a merge of 2.000 files written by a few programs works out each program's form once.
 */
const knownForms = new WeakMap<CellAt, FormCells>();

function formCells(source: WorkbookSource, file: string, template: Template, unitAt: CellAt | undefined, metaSheet: string): FormCells {
  const names = valueCellNames(template);
  const pointed = [...names.map(({ name }) => source.nameCell(name)), unitAt];
  const known = pointed[0] && knownForms.get(pointed[0]);
  if (known && known.template === template && known.metaSheet === metaSheet && known.pointed.every((at, i) => at === pointed[i]))
    return known;

  // Each value cell with the STT and name cells of its row, so that a CT_ name moved to another row is
  // caught (trust.ts).
  const located: FormCells["located"] = [];
  const missing: string[] = [];
  let sheetName = metaSheet;
  names.forEach(({ code, name }, i) => {
    const at = pointed[i];
    if (!at) {
      missing.push(name);
      return;
    }
    sheetName = at.sheet;
    const { row, col } = cellPosition(at.address);
    const stt = { sheet: at.sheet, address: address(row, STT_COLUMN) };
    located.push({ code, at, row, col, stt, name: { sheet: at.sheet, address: address(row, NAME_COLUMN) } });
  });
  if (missing.length > 0) {
    const list = missing.slice(0, 5).join(", ") + (missing.length > 5 ? ` … (${missing.length})` : "");
    failFile(
      file,
      `${missing.length} chỉ tiêu không có tên ô (defined name) trỏ tới đúng một ô: ${list}; có thể trang "${sheetName}" đã bị xóa, sao chép sai hoặc tên ô bị sửa — hãy sửa trong Công thức > Trình quản lý Tên (Formulas > Name Manager), hoặc tạo lại biểu bằng "cchc new" và nhập lại số liệu`,
      `${missing.length} indicator${missing.length === 1 ? " has" : "s have"} no defined name pointing at one cell: ${list}; the sheet "${sheetName}" may have been deleted or copied wrongly, or the names edited — fix them in Formulas > Name Manager, or recreate the form with "cchc new" and type the figures again`,
    );
  }

  // Besides those: the unit's name and a summary's subtitle ("Tổng hợp từ 12 đơn vị").
  const subtitleAt = { sheet: sheetName, address: address(SUBTITLE_CELL.row, SUBTITLE_CELL.col) };
  const wanted = new Map<string, string[]>();
  const want = (at: CellAt) => {
    const list = wanted.get(at.sheet);
    if (list) list.push(at.address);
    else wanted.set(at.sheet, [at.address]);
  };
  for (const l of located) want(l.at);
  if (unitAt) want(unitAt);
  for (const l of located) {
    want(l.stt);
    want(l.name);
  }
  want(subtitleAt);
  const form = { pointed, template, metaSheet, located, sheetName, subtitleAt, wanted };
  if (pointed[0]) knownForms.set(pointed[0], form);
  return form;
}

/** Reads a workbook written by `cchc new` (or the add-in) and edited by a unit. */
export function resolveCchcWorkbook(source: WorkbookSource, file: string, registry: TemplateRegistry): ReadWorkbook {
  const read = parseMetadata(source.metadataRows() ?? [], file);
  if (!read.ok) throw new UserError(read.problem);
  const meta = read.meta;
  if (!registry.has(meta.templateId)) {
    failFile(
      file,
      `biểu mẫu "${meta.templateId}" không có trong danh sách; cập nhật Biểu mẫu CCHC hoặc nạp tệp biểu mẫu (--template-file)`,
      `unknown template "${meta.templateId}"; update Biểu mẫu CCHC or load the template file (--template-file)`,
    );
  }
  const template = registry.get(meta.templateId);
  if (meta.templateVersion !== template.version) {
    throw new OtherFormError(
      msg(
        `${file}: tệp dùng biểu mẫu ${template.id} phiên bản ${meta.templateVersion}, chương trình có phiên bản ${template.version}; hãy đề nghị đơn vị nhập số liệu vào biểu phiên bản ${template.version}, hoặc cập nhật chương trình`,
        `${file}: the file uses template ${template.id} version ${meta.templateVersion}, this program has version ${template.version}; ask the unit to type its figures into the version ${template.version} form, or update the program`,
      ),
    );
  }

  const unitAt = unitNameInSheet(meta) ? source.nameCell(TITLE_INPUT_NAMES.unitName) : undefined;
  const { located, sheetName, subtitleAt, wanted } = formCells(source, file, template, unitAt, meta.sheetName ?? "");
  const found = source.cells(wanted);
  const cellOf = (at: CellAt): ReadCell => found.get(at.sheet)?.get(at.address) ?? { address: at.address, raw: null };

  const cells = new Map<string, ReadCell>();
  const placements = new Map<string, Placement>();
  const text = (at: CellAt) => String(cellOf(at).raw ?? "");
  for (const { code, at, row, col, stt, name } of located) {
    cells.set(code, cellOf(at));
    placements.set(code, { sheet: at.sheet, row, col, stt: text(stt), name: text(name) });
  }
  const subtitle = cellOf(subtitleAt).raw;
  const layout = { placements, ...(typeof subtitle === "string" ? { subtitle } : {}) };
  let unit: ReadWorkbook["unit"];
  if (!unitNameInSheet(meta)) unit = { name: cleanUnitName(meta.unitName) };
  else if (!unitAt) unit = { name: "" };
  else {
    const { raw } = cellOf(unitAt);
    unit = {
      name: typeof raw === "string" ? cleanUnitName(raw) : raw == null ? "" : cleanUnitName(String(raw)),
      cell: `${unitAt.sheet}!${unitAt.address}`,
    };
  }
  return { file, meta, unit, template, sheetName, cells, layout };
}
