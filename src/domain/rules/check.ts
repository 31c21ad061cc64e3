// One entry point for checking a sheet: kind checks, derived and written rules, formula integrity;
// one finding per problem, in sheet order.
import { parseSheet, SheetCell, SheetValue, sheetNumber } from "../export";
import { Message, msg } from "../messages";
import { rowIndexByCode } from "../template/lookup";
import { Template } from "../template/schema";
import { formatNumber } from "../values";
import { allRules, RATE_TOLERANCE } from "./derive";
import { CheckContext, checkValues, runRules, UNWORDED } from "./engine";
import { checkFormulas, Overwritten } from "./integrity";
import { Finding, Severity } from "./model";
import { rateText, valueText, wording, Wording } from "./words";

export const SEVERITY_ORDER: readonly Severity[] = ["error", "warning", "info"];

const CLEAR = msg("hãy xóa số đã nhập để biểu tự tính", "clear the typed figure so the sheet computes it");

/**
 * A computed cell typed over. With the rule about the same cell violated, that one error (which names
 * both numbers) says so too; typed as the formula gives it, a warning; otherwise an error naming both.
 */
function overwrittenFinding(
  o: Overwritten,
  words: Wording,
  values: ReadonlyMap<string, SheetValue>,
  rules: Finding[],
): Finding | undefined {
  const ind = words.indicator(o.code)!;
  const compute = ind.compute!;
  const sameCell = rules.find((f) => f.ruleId === `rate:${o.code}` || f.ruleId === `sum:${o.code}`);
  if (sameCell) {
    // A finding made for counting stays unworded.
    if (sameCell.message === UNWORDED) return undefined;
    sameCell.message = msg(
      `${sameCell.message.vi}: ô này có công thức nhưng đã bị ghi đè, ${CLEAR.vi}`,
      `${sameCell.message.en}: this cell has a formula but was typed over; ${CLEAR.en}`,
    );
    return undefined;
  }
  const typed = sheetNumber(values.get(o.code));
  const dash = values.get(o.code)?.parsed.status === "notApplicable";
  // Text in the cell is reported by the kind checks.
  if (typed === undefined && !dash) return undefined;
  const inputs = "rate" in compute ? [compute.rate.numerator, compute.rate.denominator] : compute.sum;
  const from = words.rows(inputs, o.code);
  const shown = dash ? "-" : valueText(ind, typed!);
  const finding = (severity: Severity, message: Message): Finding => ({
    ruleId: "formula:overwritten",
    severity,
    codes: [o.code],
    message,
  });
  const tolerance = "rate" in compute ? RATE_TOLERANCE : 1e-9;
  if (
    (typeof o.expected === "number" && typed !== undefined && Math.abs(typed - o.expected) <= tolerance) ||
    (o.expected === "-" && dash)
  ) {
    return finding(
      "warning",
      msg(
        `Ô có công thức nhưng đã được nhập tay (${shown}), đúng bằng kết quả công thức; ${CLEAR.vi}`,
        `The formula cell was typed over (${shown}), with what the formula gives; ${CLEAR.en}`,
      ),
    );
  }
  if (o.expected === "-" && typed === 0) {
    const den = words.row(inputs[1], o.code);
    return finding(
      "warning",
      msg(
        `Mẫu số (${den.vi}) bằng 0 nên tỷ lệ là "không áp dụng": biểu tự ghi "-", không ghi 0; ${CLEAR.vi}`,
        `The denominator (${den.en}) is 0, so the rate is "not applicable": the sheet writes "-", not 0; ${CLEAR.en}`,
      ),
    );
  }
  if (o.expected === "" && dash && "rate" in compute) {
    const den = words.row(inputs[1], o.code);
    return finding(
      "warning",
      msg(
        `Ô có công thức nhưng đã ghi "-" khi ${from.vi} chưa có số liệu; nếu không phát sinh, ghi 0 ở ${den.vi} rồi xóa ô này: biểu tự ghi "-"`,
        `The formula cell was typed "-" while ${from.en} are blank; if there is nothing, type 0 in ${den.en} and clear this cell: the sheet writes "-"`,
      ),
    );
  }
  if (o.expected === "") {
    return finding(
      "warning",
      msg(
        `Ô có công thức nhưng đã được nhập tay (${shown}) khi ${from.vi} chưa có số liệu; hãy nhập ${from.vi} rồi xóa số này để biểu tự tính`,
        `The formula cell was typed over (${shown}) while ${from.en} are blank; fill in ${from.en}, then clear this figure so the sheet computes it`,
      ),
    );
  }
  const expected = o.expected === "-" ? "-" : "rate" in compute ? rateText(o.expected) : formatNumber(o.expected);
  return finding(
    "error",
    msg(
      `Đã nhập ${shown}; theo ${from.vi} là ${expected}: ô này có công thức nhưng đã bị ghi đè, ${CLEAR.vi}`,
      `Typed ${shown}; ${from.en} give ${expected}: this cell has a formula but was typed over; ${CLEAR.en}`,
    ),
  );
}

export function checkSheet(
  template: Template,
  cells: ReadonlyMap<string, SheetCell>,
  ctx: CheckContext = {},
  values: ReadonlyMap<string, SheetValue> = parseSheet(template, cells),
): Finding[] {
  const words = wording(template, (code) => cells.get(code)?.address);
  const formulas = checkFormulas(template, cells, values);
  const rules = runRules(allRules(template), values, words, ctx);
  const overwritten = formulas.overwritten.flatMap((o) => overwrittenFinding(o, words, values, rules) ?? []);
  const findings = [...formulas.findings, ...overwritten, ...checkValues(template, values, words), ...rules];
  return inSheetOrder(template, findings);
}

/** Row by row as the sheet prints them; on one row, the most severe first. */
export function inSheetOrder<F extends Pick<Finding, "codes" | "severity">>(template: Template, findings: F[]): F[] {
  const row = rowIndexByCode(template);
  return findings
    .map((f, i) => ({ f, i, row: row.get(f.codes[0]) ?? Infinity, s: SEVERITY_ORDER.indexOf(f.severity) }))
    .sort((a, b) => a.row - b.row || a.s - b.s || a.i - b.i)
    .map((x) => x.f);
}
