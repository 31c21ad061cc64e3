// Findings in plain words: rows named as the printed form names them ("dòng 2.1", or the cell where the
// form prints no number), values the Vietnamese way with their unit, forms by province, year and title.
// Never rule syntax or internal codes.
import { Message, msg } from "../messages";
import { indicatorsByCode } from "../template/lookup";
import { Indicator, Template } from "../template/schema";
import { formatNumber } from "../values";

/** "Quảng Trị 2023: Thống kê số liệu …", the way a clerk knows the form. */
export function formName(template: Pick<Template, "id" | "province" | "title" | "issuingDocument">): string {
  const year = /\d{4}/.exec(template.id)?.[0] ?? template.issuingDocument.date?.slice(0, 4);
  return `${template.province}${year ? ` ${year}` : ""}: ${template.title}`;
}

/** A value as the sheet shows it, with "%" for rates. */
export function valueText(ind: Pick<Indicator, "kind"> | undefined, x: number, decimals = 2): string {
  return ind?.kind === "percent" ? `${formatNumber(x, decimals)} %` : formatNumber(x, decimals);
}

/** A computed rate to compare with a typed one: always one decimal ("75,0 %"). */
export function rateText(x: number): string {
  return `${formatNumber(x, 1, 1)} %`;
}

export interface Wording {
  template: Template;
  indicator(code: string): Indicator | undefined;
  /** How a row is named from the finding on `from`'s row: "dòng 2.1", "dòng 6.1 Biểu mẫu 4", "ô D42". */
  row(code: string, from?: string): Message;
  /** Several rows: "dòng 2.1 và 2.2", "dòng 1.1, 1.2 và 1.3". */
  rows(codes: readonly string[], from?: string): Message;
  /** Rows across the form's parts, each part named once: "Biểu mẫu 1: dòng 6.1 và 6.2; Biểu mẫu 7: dòng 5.2.3". */
  rowsByPart(codes: readonly string[]): Message;
}

const printedNumber = (ind: Indicator) => (ind.stt === "Trong đó" ? "" : ind.stt.replace(/\.$/, "").trim());

function joinList(items: string[], and: string): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} ${and} ${items[items.length - 1]}`;
}

export function wording(template: Template, addressOf: (code: string) => string | undefined): Wording {
  const byCode = indicatorsByCode(template);
  const sectionName = new Map(template.sections.filter((s) => s.heading).map((s) => [s.code, s.title.split(":")[0].trim()]));
  /** The number, with the form ("Biểu mẫu 4") when it is not the one the finding is in; undefined for unnumbered rows. */
  const number = (code: string, from: string | undefined): string | undefined => {
    const ind = byCode.get(code);
    const stt = ind ? printedNumber(ind) : "";
    if (!ind || !stt) return undefined;
    const section = sectionName.get(ind.section);
    const fromSection = from ? byCode.get(from)?.section : undefined;
    return section && fromSection !== ind.section ? `${stt} ${section}` : stt;
  };
  const cell = (code: string) => addressOf(code) ?? code;
  const row = (code: string, from?: string): Message => {
    const n = number(code, from);
    return n ? msg(`dòng ${n}`, `row ${n}`) : msg(`ô ${cell(code)}`, `cell ${cell(code)}`);
  };
  const rows = (codes: readonly string[], from?: string): Message => {
    const numbers = codes.map((c) => number(c, from));
    if (numbers.every((n): n is string => n !== undefined)) {
      return msg(`dòng ${joinList(numbers, "và")}`, `row${codes.length > 1 ? "s" : ""} ${joinList(numbers, "and")}`);
    }
    const parts = codes.map((c) => row(c, from));
    return msg(
      joinList(
        parts.map((p) => p.vi),
        "và",
      ),
      joinList(
        parts.map((p) => p.en),
        "and",
      ),
    );
  };
  const rowsByPart = (codes: readonly string[]): Message => {
    const parts: { name?: string; codes: string[] }[] = [];
    for (const code of codes) {
      const section = byCode.get(code)?.section;
      const name = section === undefined ? undefined : sectionName.get(section);
      const last = parts[parts.length - 1];
      if (last && last.name === name) last.codes.push(code);
      else parts.push({ name, codes: [code] });
    }
    const each = parts.map((p) => {
      const r = rows(p.codes, p.codes[0]);
      return p.name ? msg(`${p.name}: ${r.vi}`, `${p.name}: ${r.en}`) : r;
    });
    return msg(each.map((m) => m.vi).join("; "), each.map((m) => m.en).join("; "));
  };
  return { template, indicator: (code) => byCode.get(code), row, rows, rowsByPart };
}
