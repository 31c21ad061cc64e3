// Every string the task pane shows, Vietnamese first and English, and the language choice
// (Vietnamese unless the user switched; remembered in localStorage).
import { createContext, useContext } from "react";
import { Lang, Message, msg, UserError } from "../domain/messages";
import { formatDate, formatIsoDate } from "../domain/period";
import type { TemplateSummary } from "../domain/template/registry";
import { formatNumber } from "../domain/values";
import { HostError } from "../host/reportHost";

export const LANG_STORAGE_KEY = "cchc.lang";

/** The language the user chose earlier, if the browser lets us read it. */
export function storedLang(): Lang | undefined {
  try {
    const v = globalThis.localStorage?.getItem(LANG_STORAGE_KEY);
    return v === "vi" || v === "en" ? v : undefined;
  } catch {
    return undefined; // storage blocked by the browser's privacy settings
  }
}

export function rememberLang(lang: Lang): void {
  try {
    globalThis.localStorage?.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // storage blocked: the choice lasts until the pane closes
  }
}

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (m: Message) => string;
}

export const I18nContext = createContext<I18n>({ lang: "vi", setLang: () => {}, t: (m) => m.vi });

export function useI18n(): I18n {
  return useContext(I18nContext);
}

const n = formatNumber;
/** English noun for a count: "1 error", "3 errors". */
const en = (count: number, one: string, many: string) => `${n(count)} ${count === 1 ? one : many}`;

/** Reporting periods as the form offers them: the year comes from its own field. */
export const PERIOD_PART_LABELS: Record<string, Message> = {
  Q1: msg("Quý I", "Quarter 1"),
  Q2: msg("Quý II", "Quarter 2"),
  Q3: msg("Quý III", "Quarter 3"),
  Q4: msg("Quý IV", "Quarter 4"),
  H1: msg("6 tháng đầu năm", "First six months"),
  "9M": msg("9 tháng", "Nine months"),
  Y: msg("Năm", "Year"),
};

export const S = {
  product: msg("Biểu mẫu CCHC", "Biểu mẫu CCHC"),
  language: msg("Ngôn ngữ", "Language"),
  langVi: msg("Tiếng Việt", "Vietnamese"),
  langEn: msg("Tiếng Anh", "English"),
  sections: msg("Các phần của bảng", "Pane sections"),
  tabInsert: msg("Biểu mẫu", "Template"),
  tabCheck: msg("Kiểm tra", "Check"),
  tabMerge: msg("Tổng hợp", "Merge"),
  loading: msg("Đang tải…", "Loading…"),

  template: msg("Biểu mẫu (phiên bản)", "Template version"),
  templateOption: (t: TemplateSummary) => `${t.province} — ${t.title} (${documentText(t)})`,
  templateHint: (t: TemplateSummary) =>
    msg(
      `${t.province}. Văn bản: ${t.issuingDocument.number}${t.issuingDocument.date ? ` ngày ${formatIsoDate(t.issuingDocument.date)}` : ""}, ${t.issuingDocument.issuer}. Phiên bản ${t.version}.`,
      `${t.province}. Document: ${t.issuingDocument.number}${t.issuingDocument.date ? ` of ${formatIsoDate(t.issuingDocument.date)}` : ""}, ${t.issuingDocument.issuer}. Version ${t.version}.`,
    ),
  period: msg("Kỳ báo cáo", "Reporting period"),
  year: msg("Năm", "Year"),
  yearInvalid: msg("Nhập năm từ 2000 đến 2100.", "Enter a year from 2000 to 2100."),
  unitName: msg("Tên đơn vị báo cáo", "Reporting unit"),
  unitNameHint: msg("Ví dụ: Sở Khoa học và Công nghệ", "For example: Sở Khoa học và Công nghệ"),
  unitNameBlankHint: msg(
    "Để trống để tạo biểu gửi cho các đơn vị: mỗi đơn vị tự ghi tên vào ô tên đơn vị.",
    "Leave it empty to make a blank form to send: each unit types its own name into the unit cell.",
  ),
  level: msg("Cấp đơn vị", "Unit level"),
  superior: msg("Cơ quan chủ quản (không bắt buộc)", "Governing body (optional)"),
  superiorHint: msg("In phía trên tên đơn vị, ví dụ: UBND TỈNH QUẢNG TRỊ", "Printed above the unit name, e.g. UBND TỈNH QUẢNG TRỊ"),
  periodSummary: msg("Kỳ báo cáo đã chọn", "Selected period"),
  due: (date: string) => msg(`Hạn gửi báo cáo: ngày ${date}`, `Report due: ${date}`),
  insert: msg("Chèn biểu mẫu", "Insert sheet"),
  perUnitTitle: msg("Mỗi đơn vị một tệp", "One file per unit"),
  perUnitIntro: msg(
    "Tạo sẵn biểu mẫu đã chọn ở trên cho từng đơn vị cấp dưới, mỗi tệp mang tên đơn vị ở ô tên đơn vị, tải về một tệp .zip để gửi đi.",
    "Make the form chosen above for each unit, each file carrying its unit's name in the unit cell, downloaded as one .zip to send.",
  ),
  perUnitList: msg("Danh sách đơn vị (mỗi dòng một tên)", "Units (one name per line)"),
  perUnitListFile: msg("Tệp danh sách đơn vị để tạo biểu", "Unit list file for the forms"),
  perUnitHint: (count: number) =>
    msg(
      `Dán danh sách, hoặc chọn tệp .txt/.csv có cột “Tên đơn vị”. Hiện có ${n(count)} đơn vị.`,
      `Paste the list, or choose a .txt/.csv file with a “Tên đơn vị” column. ${en(count, "unit", "units")} now.`,
    ),
  perUnitNeedsNames: msg("Hãy dán hoặc chọn danh sách đơn vị, mỗi dòng một tên.", "Paste or choose the list of units, one name per line."),
  perUnitMake: (count: number) => msg(`Tạo ${n(count)} tệp (.zip)`, `Make ${en(count, "file", "files")} (.zip)`),
  perUnitMaking: (index: number, total: number) => msg(`Đang tạo tệp ${n(index)}/${n(total)}…`, `Making file ${n(index)} of ${n(total)}…`),
  perUnitMade: (count: number, file: string) =>
    msg(
      `Đã tạo ${n(count)} tệp trong ${file}; hãy lưu tệp tải về rồi gửi mỗi đơn vị tệp mang tên mình.`,
      `${en(count, "file", "files")} made in ${file}; save the download and send each unit the file named after it.`,
    ),
  inserting: msg("Đang chèn biểu mẫu…", "Inserting the sheet…"),
  replaceTitle: msg("Thay thế trang?", "Replace the sheet?"),
  replaceText: (sheet: string) =>
    msg(
      `Trang '${sheet}' đã có. Thay thế? Dữ liệu trên trang cũ sẽ mất.`,
      `The workbook already has a sheet '${sheet}'. Replace it? The data on it will be lost.`,
    ),
  replace: msg("Thay thế", "Replace"),
  cancel: msg("Hủy", "Cancel"),
  dismiss: msg("Đã hiểu", "OK"),
  unexpected: msg(
    "Đã xảy ra lỗi không mong muốn. Hãy thử lại; nếu vẫn lỗi, hãy đóng rồi mở lại bảng Biểu mẫu CCHC.",
    "Something unexpected went wrong. Try again; if it keeps happening, close and reopen the Biểu mẫu CCHC pane.",
  ),

  opening: msg("Đang tìm báo cáo trong sổ tính…", "Looking for a report in the workbook…"),
  noReport: msg(
    "Sổ tính này chưa có báo cáo CCHC. Hãy chèn biểu mẫu ở thẻ “Biểu mẫu”.",
    "This workbook has no CCHC report yet. Insert the sheet on the “Template” tab.",
  ),
  goInsert: msg("Đến thẻ Biểu mẫu", "Go to Template"),
  unitBlank: msg("(chưa ghi tên đơn vị)", "(no unit name yet)"),
  reportTemplate: (templateText: string) => msg(`Biểu mẫu: ${templateText}`, `Template: ${templateText}`),
  countsLabel: msg("Số phát hiện theo mức độ", "Findings by severity"),
  ready: msg("Sẵn sàng gửi: không có lỗi", "Ready to send: no errors"),
  readyWarnings: (count: number) =>
    msg(`Còn ${n(count)} cảnh báo: hãy xem lại các cảnh báo.`, `${en(count, "warning", "warnings")} left: please review the warnings.`),
  notReady: (count: number) =>
    msg(`Chưa sẵn sàng gửi: còn ${n(count)} lỗi cần sửa.`, `Not ready to send: ${en(count, "error", "errors")} to fix.`),
  stamp: msg("Xác nhận đã kiểm tra", "Mark as checked"),
  stamping: msg("Đang xác nhận…", "Saving the confirmation…"),
  stampNeedsNoErrors: msg("Sửa hết lỗi rồi mới xác nhận được.", "Fix every error before confirming."),
  stampNone: msg("Chưa xác nhận đã kiểm tra.", "Not marked as checked yet."),
  stampValid: (at: string) => msg(`Đã xác nhận lúc ${at}`, `Marked as checked at ${at}`),
  stampStale: msg(
    "Số liệu đã thay đổi sau khi xác nhận — hãy kiểm tra và xác nhận lại",
    "The data changed after it was marked as checked — check it and confirm again",
  ),
  filter: msg("Hiển thị", "Show"),
  filterAll: msg("Tất cả", "All"),
  noFindings: msg("Không có phát hiện nào.", "No findings."),
  findingStt: (stt: string) => msg(`STT ${stt}`, `No. ${stt}`),
  stillBlank: (blanks: Message) => msg(`Ngoài ra ${blanks.vi}.`, `Also, ${blanks.en}.`),
  notFilled: (blanks: Message) => msg(`Chưa sẵn sàng gửi: ${blanks.vi}.`, `Not ready to send: ${blanks.en}.`),
  stampBlanksTitle: msg("Còn chỉ tiêu chưa nhập", "Indicators still blank"),
  stampBlanksQuestion: (blanks: Message) =>
    msg(
      `Báo cáo ${blanks.vi}. Vẫn xác nhận đã kiểm tra? Số chỉ tiêu chưa nhập được ghi cùng xác nhận.`,
      `${blanks.en.charAt(0).toUpperCase()}${blanks.en.slice(1)}. Mark the report as checked anyway? The number of blank indicators is recorded with it.`,
    ),
  stampAnyway: msg("Vẫn xác nhận", "Mark as checked"),
  backToFilling: msg("Quay lại nhập", "Go back and fill in"),
  stampValidBlanks: (at: string, blank: number, total: number) =>
    msg(
      `Đã xác nhận lúc ${at}, khi còn ${n(blank)}/${n(total)} chỉ tiêu chưa nhập`,
      `Marked as checked at ${at}, with ${n(blank)} of ${n(total)} indicators blank`,
    ),
  notReadyPlain: msg("Chưa sẵn sàng gửi.", "Not ready to send."),
  reviewReading: (review: Message) => msg(`Cần xem lại cách đọc biểu: ${review.vi}.`, `How the form was read needs a look: ${review.en}.`),
  retypedHeading: msg("Biểu nhập tay", "Form retyped by hand"),
  retypedMoreNotes: (count: number) => msg(`Ghi chú khác khi đọc biểu (${n(count)})`, `More notes on reading the form (${n(count)})`),
  retypedNoStamp: msg(
    "Biểu nhập tay không có dấu xác nhận đã kiểm tra; nơi tổng hợp vẫn đọc được biểu này theo STT và tên chỉ tiêu.",
    "A form retyped by hand carries no “checked” mark; the merge still reads it by STT and indicator name.",
  ),
  findingsInOrder: (count: number) => msg(`Phát hiện theo thứ tự trên trang (${n(count)})`, `Findings in sheet order (${n(count)})`),
  previousHeading: msg("So với kỳ trước", "Compared with the previous period"),
  previousChoose: msg("Chọn báo cáo kỳ trước…", "Choose the previous period's report…"),
  previousInput: msg("Tệp báo cáo kỳ trước (.xlsx)", "Previous period's report (.xlsx)"),
  previousReading: (file: string) => msg(`Đang đọc ${file}…`, `Reading ${file}…`),
  previousNone: (label: string, file: string) => msg(`${label} (${file}): không có gì bất thường.`, `${label} (${file}): nothing unusual.`),
  previousSome: (label: string, file: string, count: number) =>
    msg(`${label} (${file}): ${n(count)} chỉ tiêu cần xem lại.`, `${label} (${file}): ${en(count, "indicator", "indicators")} to review.`),
  liveCounts: (e: number, w: number, i: number) =>
    msg(
      `Kết quả kiểm tra: ${n(e)} lỗi, ${n(w)} cảnh báo, ${n(i)} thông tin.`,
      `Check result: ${en(e, "error", "errors")}, ${en(w, "warning", "warnings")}, ${n(i)} information.`,
    ),

  mergeIntro: msg(
    "Tổng hợp các tệp báo cáo (.xlsx) mà đơn vị cấp dưới gửi thành một bảng tổng hợp trong sổ này.",
    "Merge the report files (.xlsx) your units sent into one summary in this workbook.",
  ),
  mergeDrop: msg("Kéo thả các tệp .xlsx vào đây, hoặc bấm để chọn tệp", "Drop .xlsx files here, or click to choose files"),
  mergeFilesInput: msg("Các tệp báo cáo của đơn vị (.xlsx)", "The units' report files (.xlsx)"),
  mergeFilesChosen: (count: number) => msg(`Đã chọn ${n(count)} tệp`, `${en(count, "file", "files")} chosen`),
  mergeFilesClear: msg("Bỏ chọn tất cả", "Clear all"),
  remove: msg("Bỏ", "Remove"),
  mergeFileRemove: (file: string) => msg(`Bỏ tệp ${file}`, `Remove ${file}`),
  mergeFilesNeeded: msg("Hãy chọn ít nhất một tệp .xlsx.", "Choose at least one .xlsx file."),
  roster: msg("Danh sách đơn vị phải báo cáo (không bắt buộc)", "Units expected to report (optional)"),
  rosterHint: msg(
    "Tệp .txt mỗi dòng một tên, hoặc tệp .csv có cột “Tên đơn vị”.",
    "A .txt file with one name per line, or a .csv file with a “Tên đơn vị” column.",
  ),
  rosterChoose: msg("Chọn tệp danh sách…", "Choose the list…"),
  rosterInput: msg("Tệp danh sách đơn vị", "Unit list file"),
  rosterLoaded: (file: string, count: number) => msg(`${file}: ${n(count)} đơn vị`, `${file}: ${en(count, "unit", "units")}`),
  rosterEmpty: (file: string) =>
    msg(
      `${file}: không có tên đơn vị nào (mỗi dòng một tên, hoặc CSV có cột “Tên đơn vị”).`,
      `${file}: holds no unit names (one name per line, or CSV with a “Tên đơn vị” column).`,
    ),
  rosterRemove: msg("Bỏ danh sách", "Remove the list"),
  excludeFlagged: msg(
    "Không tổng hợp các báo cáo còn lỗi hoặc đã sửa sau khi xác nhận kiểm tra",
    "Leave out reports with errors or edited after they were validated",
  ),
  summaryUnit: msg("Đơn vị lập bảng tổng hợp", "Unit writing the summary"),
  summaryUnitHint: msg("In ở đầu bảng tổng hợp, ví dụ: UBND huyện Mộ Đức", "Printed at the top of the summary, e.g. UBND huyện Mộ Đức"),
  summaryUnitRequired: msg("Nhập tên đơn vị lập bảng tổng hợp.", "Enter the name of the unit writing the summary."),
  mergeStart: msg("Bắt đầu tổng hợp", "Start merging"),
  mergeReading: (index: number, total: number, file: string) =>
    msg(`Đang đọc tệp ${n(index)}/${n(total)}: ${file}`, `Reading file ${n(index)} of ${n(total)}: ${file}`),
  mergeStopping: msg("Đang dừng sau tệp đang đọc…", "Stopping after the file being read…"),
  mergeMerging: (count: number) => msg(`Đang tổng hợp ${n(count)} tệp…`, `Merging ${en(count, "file", "files")}…`),
  mergeCancelled: (read: number, total: number) =>
    msg(
      `Đã dừng sau ${n(read)}/${n(total)} tệp; chưa tổng hợp. Bấm “Bắt đầu tổng hợp” để đọc lại.`,
      `Stopped after ${n(read)} of ${n(total)} files; nothing was merged. Press “Start merging” to read them again.`,
    ),
  mergeLoadFailed: msg(
    "Không tải được phần đọc tệp Excel của Biểu mẫu CCHC (mất kết nối?). Hãy kiểm tra mạng rồi bấm lại “Bắt đầu tổng hợp”.",
    "The part of Biểu mẫu CCHC that reads Excel files could not be loaded (connection lost?). Check the network and press “Start merging” again.",
  ),
  mergeResults: msg("Kết quả theo tệp", "Results by file"),
  mergeUnits: (units: number) => msg(`Bảng tổng hợp gồm ${n(units)} đơn vị.`, `The summary covers ${en(units, "unit", "units")}.`),
  errorsWarnings: (e: number, w: number) =>
    msg(`${n(e)} lỗi · ${n(w)} cảnh báo`, `${en(e, "error", "errors")} · ${en(w, "warning", "warnings")}`),
  fileIs: (file: string) => msg(`Tệp: ${file}`, `File: ${file}`),
  savedAt: (at: string) => msg(`Lưu lúc ${at}`, `Saved at ${at}`),
  completeness: (due: string) => msg(`Tình hình gửi báo cáo (hạn ${due})`, `Reporting (due ${due})`),
  colMeasure: msg("Đơn vị", "Units"),
  colUnits: msg("Số", "Count"),
  colShare: msg("Tỷ lệ", "Share"),
  statusRead: msg("Đã đọc, chưa tổng hợp", "Read, not merged"),
  mergeFindings: (count: number) => msg(`Nhận xét theo đơn vị (${n(count)})`, `Findings by unit (${n(count)})`),
  reviewHeading: (count: number) =>
    msg(`Cần xem lại (${n(count)}): đơn vị khác xa các đơn vị khác`, `To review (${n(count)}): units far from the others`),
  reviewIntro: msg(
    "Hãy hỏi lại đơn vị các số liệu này; bảng tổng hợp vẫn cộng chúng như đơn vị đã gửi.",
    "Ask the units about these figures; the summary still adds them up as the units sent them.",
  ),
  reviewUnit: (unit: string, count: number) => msg(`${unit}: ${n(count)} chỉ tiêu`, `${unit}: ${en(count, "indicator", "indicators")}`),
  notMerged: (count: number) =>
    msg(
      `${n(count)} giá trị không được tổng hợp; trang “Nguồn tổng hợp” liệt kê từng giá trị với tệp, ô và lý do.`,
      `${en(count, "value was", "values were")} not merged; the “Nguồn tổng hợp” sheet lists each with its file, cell and reason.`,
    ),
  writeSummary: msg("Ghi bảng tổng hợp vào sổ", "Write the summary into the workbook"),
  writingSummary: msg("Đang ghi bảng tổng hợp…", "Writing the summary…"),
  summaryWritten: (sheets: string[]) =>
    msg(`Đã ghi bảng tổng hợp vào các trang ${listOf(sheets, "và")}.`, `The summary is in the sheets ${listOf(sheets, "and")}.`),
  replaceSummaryText: (sheets: string[]) =>
    msg(
      `Sổ đã có ${sheets.map((x) => `trang '${x}'`).join(" và ")}. Thay bằng bảng tổng hợp? Dữ liệu trên ${sheets.length > 1 ? "các trang" : "trang"} cũ sẽ mất.`,
      `The workbook already has ${sheets.map((x) => `a sheet '${x}'`).join(" and ")}. Replace with the summary? The data on ${sheets.length > 1 ? "them" : "it"} will be lost.`,
    ),

  notInExcelTitle: msg("Hãy mở bảng này trong Excel", "Open this pane in Excel"),
  notInExcel: msg(
    "Bảng Biểu mẫu CCHC chạy bên cạnh sổ tính Excel (Excel cho Windows, Mac hoặc Excel trên web). Để thử mà không cần Excel, hãy mở trang thử nghiệm (workbench).",
    "The Biểu mẫu CCHC pane runs beside an Excel workbook (Excel for Windows, Mac or Excel on the web). To try it without Excel, open the workbench page.",
  ),
  openWorkbench: msg("Mở trang thử nghiệm", "Open the workbench"),
};

function documentText(t: TemplateSummary): string {
  const d = t.issuingDocument;
  return [d.number, d.date ? formatIsoDate(d.date) : undefined, d.issuer].filter(Boolean).join(", ");
}

/** dd/mm/yyyy hh:mm in the user's local time. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  const hh = String(d.getHours()).padStart(2, "0");
  const mm = String(d.getMinutes()).padStart(2, "0");
  return `${formatDate({ year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() })} ${hh}:${mm}`;
}

/** What to tell the user about a failure: its own message when it has one, never a stack trace. */
export function errorMessage(e: unknown): Message {
  if (e instanceof HostError || e instanceof UserError) return e.userMessage;
  console.error(e);
  return S.unexpected;
}

/** “A”, “B” và “C” */
function listOf(names: readonly string[], and: string): string {
  const quoted = names.map((x) => `“${x}”`);
  return quoted.length < 2 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} ${and} ${quoted[quoted.length - 1]}`;
}
