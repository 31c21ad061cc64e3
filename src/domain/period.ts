// Reporting periods: codes, Vietnamese labels, the data cut-off window and the due date (DESIGN §3).
import { msg, UserError } from "./messages";
import { PeriodType } from "./template/schema";
import { withoutDiacritics } from "./text";

export interface CalendarDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

export interface Period {
  code: string;
  year: number;
  type: PeriodType;
  /** 1–4 for quarters */
  quarter?: number;
  label: { vi: string; en: string };
  /** Data cut-off window ("thời gian chốt số liệu"): 15th of the month before the period to the 14th of its last month. */
  window: { from: CalendarDate; to: CalendarDate };
  /** Report due date: `dueDay` of the period's last month. */
  due: CalendarDate;
}

export const PERIOD_TYPE_LABELS: Record<PeriodType, { vi: string; en: string }> = {
  Q: { vi: "quý", en: "quarter" },
  H1: { vi: "6 tháng đầu năm", en: "first six months" },
  "9M": { vi: "9 tháng", en: "nine months" },
  Y: { vi: "năm", en: "year" },
};

const ROMAN_QUARTER = ["I", "II", "III", "IV"];
const PERIOD_CODE = /^(\d{4})-(Q[1-4]|H1|9M|Y)$/;

export function periodType(code: string): PeriodType | undefined {
  const m = PERIOD_CODE.exec(code);
  if (!m) return undefined;
  return m[2].startsWith("Q") ? "Q" : (m[2] as PeriodType);
}

/** Parses "2023-Q3", "2021-H1", "2021-9M", "2021-Y". */
export function parsePeriod(code: string, dueDay = 20): Period {
  const m = PERIOD_CODE.exec(code.trim());
  const year = m ? Number(m[1]) : NaN;
  if (!m || year < 2000 || year > 2100) {
    throw new UserError(
      msg(
        `Mã kỳ báo cáo "${code}" không hợp lệ. Dùng dạng NĂM-Q1..Q4 (quý), NĂM-H1 (6 tháng), NĂM-9M (9 tháng) hoặc NĂM-Y (năm), ví dụ 2023-Q3.`,
        `Invalid period code "${code}". Use YEAR-Q1..Q4 (quarter), YEAR-H1 (six months), YEAR-9M (nine months) or YEAR-Y (year), e.g. 2023-Q3.`,
      ),
    );
  }
  const part = m[2];
  const type = periodType(code.trim())!;
  let firstMonth = 1;
  let lastMonth = 12;
  let label: Period["label"];
  let quarter: number | undefined;
  switch (type) {
    case "Q":
      quarter = Number(part[1]);
      firstMonth = (quarter - 1) * 3 + 1;
      lastMonth = firstMonth + 2;
      label = { vi: `Quý ${ROMAN_QUARTER[quarter - 1]} năm ${year}`, en: `Quarter ${quarter} ${year}` };
      break;
    case "H1":
      lastMonth = 6;
      label = { vi: `6 tháng đầu năm ${year}`, en: `First six months of ${year}` };
      break;
    case "9M":
      lastMonth = 9;
      label = { vi: `9 tháng năm ${year}`, en: `First nine months of ${year}` };
      break;
    case "Y":
      label = { vi: `Năm ${year}`, en: `Year ${year}` };
      break;
  }
  const before = firstMonth === 1 ? { year: year - 1, month: 12 } : { year, month: firstMonth - 1 };
  return {
    code: `${year}-${part}`,
    year,
    type,
    quarter,
    label,
    window: { from: { ...before, day: 15 }, to: { year, month: lastMonth, day: 14 } },
    due: { year, month: lastMonth, day: dueDay },
  };
}

/** dd/mm/yyyy, as Vietnamese documents write dates. */
export function formatDate(d: CalendarDate): string {
  return `${String(d.day).padStart(2, "0")}/${String(d.month).padStart(2, "0")}/${d.year}`;
}

/** "2022-03-10" (how template files write dates) → "10/03/2022". */
export function formatIsoDate(iso: string): string {
  const [year, month, day] = iso.split("-").map(Number);
  return formatDate({ year, month, day });
}

/** ISO time → "dd/mm/yyyy hh:mm" in Vietnam's time (UTC+7, no daylight saving). */
export function formatVietnamTime(iso: string | undefined): string {
  const t = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(t)) return "";
  const d = new Date(t + 7 * 3600 * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

export function windowLine(p: Period): { vi: string; en: string } {
  return {
    vi: `Thời gian chốt số liệu: từ ngày ${formatDate(p.window.from)} đến ngày ${formatDate(p.window.to)}`,
    en: `Data period: from ${formatDate(p.window.from)} to ${formatDate(p.window.to)}`,
  };
}

/**
 * The period a report's title names, as a code: "Quý III năm 2023" and "QUÝ 3/2023" → 2023-Q3,
 * "6 tháng đầu năm 2021" → 2021-H1, "9 tháng năm 2021" → 2021-9M, "Năm 2021" → 2021-Y. Dates
 * ("ngày 15 tháng 6 năm 2021", "14/6/2021") are not periods; a title that names two quarters
 * ("Quý III và phương hướng Quý IV năm 2023") is about the first. Undefined when none is named.
 */
export function periodFromText(text: string): string | undefined {
  const plain = withoutDiacritics(text)
    .replace(/ngay[\s\d.…_/-]*thang[\s\d.…_/-]*nam\s*\d{4}/g, " ")
    .replace(/\d{1,2}\/\d{1,2}\/\d{4}/g, " ")
    .replace(/\s+/g, " ");
  const yearAfter = (at: number) => /\b(20\d\d)\b/.exec(plain.slice(at))?.[1];
  // The second half-year is not a period of these forms: better to ask than to guess "Năm".
  const specific: { re: RegExp; part: (m: RegExpExecArray) => string | undefined }[] = [
    { re: /\bquy\s*(iv|i{1,3}|[1-4])\b/, part: (m) => `Q${/^\d$/.test(m[1]) ? m[1] : ROMAN_QUARTER.indexOf(m[1].toUpperCase()) + 1}` },
    { re: /\b(?:6|06|sau) thang dau\b|\b(?:6|06|sau) thang nam\b/, part: () => "H1" },
    { re: /\b(?:6|06|sau) thang cuoi\b/, part: () => undefined },
    { re: /\b(?:9|09|chin) thang\b/, part: () => "9M" },
  ];
  const found = specific
    .map(({ re, part }) => ({ m: re.exec(plain), part }))
    .filter((x): x is { m: RegExpExecArray; part: (m: RegExpExecArray) => string | undefined } => x.m !== null)
    .sort((a, b) => a.m.index - b.m.index);
  for (const { m, part } of found) {
    const code = part(m);
    if (code === undefined) return undefined;
    const year = yearAfter(m.index + m[0].length);
    if (year) return `${year}-${code}`;
  }
  const year = /\bnam\s*(20\d\d)\b/.exec(plain)?.[1];
  return year ? `${year}-Y` : undefined;
}
