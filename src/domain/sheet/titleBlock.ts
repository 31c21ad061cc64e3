// The printed lines of the title block that depend on what the unit types into its input cells
// (CCHC_DonVi, CCHC_SoBaoCao, CCHC_NgayBaoCao, CCHC_DiaDanh, CCHC_CoQuanChuQuan). Each line is
// described once and turned both into the sheet's formula (Excel and LibreOffice compute it) and into
// its text (the cached result written with the formula, and the workbench, which does not calculate).
// An empty input prints nothing: blanks to write in by hand, never a placeholder word.
import { TITLE_INPUT_NAMES, TitleInput } from "../workbookContract";

export type TitleInputValues = Partial<Record<TitleInput, string | number | undefined>>;

export type DerivedLine =
  /** An input in capitals (the governing body, the unit name). */
  | { kind: "upper"; input: TitleInput }
  /** The rule under the unit name (Nghị định 30/2020: 1/3 to 1/2 of its length). */
  | { kind: "rule" }
  /** "Sơn Phú, ngày 14 tháng 9 năm 2021"; blanks to fill by hand until the date is typed. */
  | { kind: "dateLine"; year: number }
  /** "QUÝ III NĂM 2021 CỦA SỞ Y TẾ": the period line, naming the unit once it is typed. */
  | { kind: "subject"; period: string; join: string }
  /** "(Kèm theo Báo cáo số 52/BC-UBND ngày 14/9/2021 của UBND xã Sơn Phú)" */
  | { kind: "attached" };

const BLANK = " ".repeat(12);
/** Underscores of 8 pt type: about 0.8 of one for each capital of the unit's name makes 1/3 to 1/2 of its length. */
const RULE = { min: 10, max: 24, perChar: 0.8 };

/** Excel's TRIM: ends trimmed, runs of spaces made one. */
function trim(v: string | number | undefined): string {
  return v === undefined ? "" : String(v).trim().replace(/ {2,}/g, " ");
}

/** An Excel date serial as day, month and year (1900 date system). */
function dateParts(serial: number): { d: number; m: number; y: number } {
  const date = new Date(Math.round((Math.floor(serial) - 25569) * 86400000));
  return { d: date.getUTCDate(), m: date.getUTCMonth() + 1, y: date.getUTCFullYear() };
}

export function derivedText(line: DerivedLine, inputs: TitleInputValues): string {
  const text = (k: TitleInput) => trim(inputs[k]);
  const unit = text("unitName");
  const date = inputs.reportDate;
  switch (line.kind) {
    case "upper":
      return text(line.input).toLocaleUpperCase("vi");
    case "rule":
      return "_".repeat(Math.max(RULE.min, Math.min(RULE.max, Math.round(unit.length * RULE.perChar))));
    case "dateLine": {
      const place = text("place");
      const head = place === "" ? "Ngày" : `${place}, ngày`;
      if (typeof date !== "number") return `${head}${BLANK}tháng${BLANK}năm ${line.year}`;
      const { d, m, y } = dateParts(date);
      // Nghị định 30/2020: days below 10 and the months 1 and 2 take a leading zero.
      return `${head} ${d < 10 ? "0" : ""}${d} tháng ${m < 3 ? "0" : ""}${m} năm ${y}`;
    }
    case "subject":
      return unit === "" ? line.period : `${line.period} ${line.join} ${unit.toLocaleUpperCase("vi")}`;
    case "attached": {
      const number = text("reportNumber");
      let when = typeof date === "number" ? "" : text("reportDate");
      if (typeof date === "number") {
        const { d, m, y } = dateParts(date);
        when = `${d}/${m}/${y}`;
      }
      return `(Kèm theo Báo cáo số ${number || BLANK} ngày ${when || BLANK} của ${unit || BLANK + BLANK})`;
    }
  }
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The same line as a formula over the inputs' defined names (no locale-dependent format codes). */
export function derivedFormula(line: DerivedLine): string {
  const name = (k: TitleInput) => TITLE_INPUT_NAMES[k];
  const t = (k: TitleInput) => `TRIM(${name(k)})`;
  const unit = t("unitName");
  const date = name("reportDate");
  const blank = `REPT(" ",${BLANK.length})`;
  switch (line.kind) {
    case "upper":
      return `UPPER(${t(line.input)})`;
    case "rule":
      return `REPT("_",MAX(${RULE.min},MIN(${RULE.max},ROUND(LEN(${unit})*${RULE.perChar},0))))`;
    case "dateLine": {
      const place = t("place");
      const head = `IF(${place}="","Ngày",${place}&", ngày")`;
      const typed = `" "&IF(DAY(${date})<10,"0","")&DAY(${date})&" tháng "&IF(MONTH(${date})<3,"0","")&MONTH(${date})&" năm "&YEAR(${date})`;
      return `${head}&IF(ISNUMBER(${date}),${typed},${blank}&"tháng"&${blank}&${q(`năm ${line.year}`)})`;
    }
    case "subject":
      return `${q(line.period)}&IF(${unit}="",""," ${line.join} "&UPPER(${unit}))`;
    case "attached": {
      const or = (v: string, empty: string) => `IF(${v}="",${empty},${v})`;
      const when = `IF(ISNUMBER(${date}),DAY(${date})&"/"&MONTH(${date})&"/"&YEAR(${date}),${or(t("reportDate"), blank)})`;
      return `"(Kèm theo Báo cáo số "&${or(t("reportNumber"), blank)}&" ngày "&${when}&" của "&${or(unit, `REPT(" ",${2 * BLANK.length})`)}&")"`;
    }
  }
}
