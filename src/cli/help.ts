// Help texts, Vietnamese first. Light on purpose: `cchc --help` loads this module and nothing else.
import type { Lang } from "../domain/messages";

/** The language for messages before the arguments are parsed (and when parsing them fails). */
export function requestedLang(argv: readonly string[]): Lang {
  const i = argv.findIndex((a) => a === "--lang" || a.startsWith("--lang="));
  if (i === -1) return "vi";
  const value = argv[i].includes("=") ? argv[i].split("=")[1] : argv[i + 1];
  return value === "en" ? "en" : "vi";
}

/** The help text the arguments ask for and the exit code (2 when no command was given); undefined when they ask for a command to run. */
export function helpRequest(argv: readonly string[]): { text: string; code: number } | undefined {
  const lang = requestedLang(argv);
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") return { text: HELP.main[lang], code: command ? 0 : 2 };
  if (command !== "main" && Object.hasOwn(HELP, command) && (rest.includes("--help") || rest.includes("-h"))) {
    return { text: HELP[command as keyof typeof HELP][lang], code: 0 };
  }
  return undefined;
}
export const HELP = {
  main: {
    vi: `cchc — Biểu mẫu CCHC: phụ lục thống kê số liệu cải cách hành chính

Cách dùng: cchc LỆNH [tùy chọn]

Lệnh:
  templates   liệt kê các phiên bản biểu mẫu (--check TỆP để kiểm tra tệp biểu mẫu của bạn)
  new         tạo tệp Excel biểu mẫu cho một kỳ báo cáo và một đơn vị
  export      xuất số liệu của một tệp đã điền, theo mã chỉ tiêu
  check       kiểm tra số liệu và công thức của một tệp đã điền
  merge       tổng hợp các tệp báo cáo của đơn vị cấp dưới thành một bảng tổng hợp

Tùy chọn chung: --lang en (tiếng Anh), --help (trợ giúp của từng lệnh), --version
Mã thoát: 0 thành công; 1 kiểm tra thấy lỗi (check) hoặc có tệp không đọc được (merge); 2 tham số sai hoặc tệp không đọc được
`,
    en: `cchc — Biểu mẫu CCHC: statistical appendix of administrative-reform (CCHC) reports

Usage: cchc COMMAND [options]

Commands:
  templates   list the template versions (--check FILE validates your own template file)
  new         write the indicator workbook for a period and a unit
  export      export a filled-in workbook's values by indicator code
  check       check a filled-in workbook's values and formulas
  merge       merge the workbooks of subordinate units into a summary workbook

Common options: --lang en (English), --help (help for each command), --version
Exit codes: 0 success; 1 the check found errors (check) or some files could not be read (merge); 2 bad arguments or unreadable input
`,
  },
  templates: {
    vi: `cchc templates [--json] [--check TỆP.json]

Liệt kê các phiên bản biểu mẫu: mã, tên, tỉnh, cấp, kỳ báo cáo, số chỉ tiêu.
  --json          in dạng JSON
  --check TỆP     kiểm tra một tệp biểu mẫu JSON; mọi lỗi được liệt kê kèm vị trí (indicators[12].code)
`,
    en: `cchc templates [--json] [--check FILE.json]

Lists the template versions: id, title, province, levels, periods, indicator count.
  --json          print JSON
  --check FILE    validate a template JSON file; every problem is listed with its path (indicators[12].code)
`,
  },
  new: {
    vi: `cchc new --template MÃ --period KỲ [--unit "TÊN ĐƠN VỊ" | --roster TỆP] [--level CẤP] [--superior "CƠ QUAN CẤP TRÊN"] [--out TỆP] [--force]

Tạo tệp Excel biểu mẫu: một biểu trống gửi mọi đơn vị (mỗi đơn vị tự ghi tên ở ô tên đơn vị), một biểu
cho một đơn vị (--unit), hoặc mỗi đơn vị trong danh sách một tệp (--roster).
  --template MÃ        mã biểu mẫu (xem cchc templates), hoặc --template-file TỆP.json
  --period KỲ          2023-Q3 (quý), 2021-H1 (6 tháng), 2021-9M (9 tháng), 2021-Y (năm)
  --unit TÊN           tên đơn vị báo cáo (không ghi: biểu trống để gửi đi)
  --roster TỆP         danh sách đơn vị (mỗi dòng một tên, hoặc CSV có cột "Tên đơn vị"): mỗi đơn vị một
                       tệp mang tên đơn vị, trong thư mục --out (mặc định: MÃ_KỲ)
  --level CẤP          tinh, so, huyen hoặc xa (bắt buộc khi biểu mẫu dùng cho nhiều cấp)
  --superior TÊN       cơ quan chủ quản in ở góc trái (mặc định: UBND tỉnh ...)
  --out TỆP            tệp kết quả (mặc định: MÃ_KỲ_tên-đơn-vị.xlsx), hoặc thư mục với --roster
  --force              ghi đè tệp đã có
`,
    en: `cchc new --template ID --period CODE [--unit "UNIT NAME" | --roster FILE] [--level LEVEL] [--superior "GOVERNING BODY"] [--out FILE] [--force]

Writes the indicator workbook: one blank form to send to every unit (each types its name in the unit
cell), one unit's form (--unit), or one file per unit of a list (--roster).
  --template ID        template id (see cchc templates), or --template-file FILE.json
  --period CODE        2023-Q3 (quarter), 2021-H1 (six months), 2021-9M (nine months), 2021-Y (year)
  --unit NAME          the reporting unit's name (none: a blank form to send)
  --roster FILE        the units (one name per line, or CSV with a "Tên đơn vị" column): one file per unit,
                       named after it, in the folder --out (default: ID_PERIOD)
  --level LEVEL        tinh, so, huyen or xa (required when the template is for several levels)
  --superior NAME      governing body printed top left (default: UBND tỉnh ...)
  --out FILE           output file (default: ID_PERIOD_unit-name.xlsx), or the folder with --roster
  --force              overwrite existing files
`,
  },
  export: {
    vi: `cchc export TỆP.xlsx [--json | --csv] [--template-file TỆP.json]

Xuất số liệu theo mã chỉ tiêu với trạng thái: có số liệu, văn bản, chưa nhập, không phát sinh ("-"),
không đọc được (kèm lý do). --csv ghi UTF-8 có BOM để Excel mở đúng tiếng Việt.
`,
    en: `cchc export FILE.xlsx [--json | --csv] [--template-file FILE.json]

Exports the values by indicator code with their status: value, text, missing, not applicable ("-"),
unparsable (with the reason). --csv writes UTF-8 with a BOM so that Excel opens Vietnamese text correctly.
`,
  },
  check: {
    vi: `cchc check TỆP.xlsx [--json] [--previous KỲ_TRƯỚC.xlsx] [--template-file TỆP.json]

Kiểm tra tệp đã điền: số liệu đúng loại (số nguyên, tỷ lệ 0–100, mã lựa chọn), tổng bằng tổng các
thành phần, phần không lớn hơn tổng, tỷ lệ khớp tử số và mẫu số, ô công thức không bị ghi đè hay sửa.
Kết quả theo thứ tự trên trang, mỗi vấn đề một dòng kèm mức độ (lỗi, cảnh báo, thông tin), ô, STT và
tên chỉ tiêu; đếm các chỉ tiêu còn để trống ("còn 37/95 chỉ tiêu chưa nhập").
  --previous TỆP  so với báo cáo kỳ trước cùng biểu mẫu: số lũy kế giảm, số thay đổi quá nhiều lần
Mã thoát: 0 không có lỗi (có thể có cảnh báo); 1 có lỗi; 2 tệp không đọc được hoặc không phải biểu của chương trình.
`,
    en: `cchc check FILE.xlsx [--json] [--previous EARLIER.xlsx] [--template-file FILE.json]

Checks a filled-in workbook: values of the right kind (whole numbers, rates in 0–100, option codes),
totals equal to their parts, parts not larger than their whole, rates matching their numerator and
denominator, formula cells neither typed over nor changed. Findings in sheet order, one per problem,
with severity (error, warning, info), cell, STT and indicator name; counts the indicators left blank.
  --previous FILE  compare with the same form's report of an earlier period: cumulative figures that
                   went down, figures that changed many times over
Exit codes: 0 no errors (warnings allowed); 1 errors; 2 unreadable file or not one of our workbooks.
`,
  },
  merge: {
    vi: `cchc merge TỆP_HOẶC_THƯ_MỤC... --out TỆP.xlsx --unit "TÊN ĐƠN VỊ TỔNG HỢP" [--roster TỆP] [--exclude-errors]
           [--level CẤP] [--superior "CƠ QUAN CẤP TRÊN"] [--period KỲ] [--json] [--force] [--template-file TỆP.json]

Tổng hợp các tệp báo cáo (.xlsx) của đơn vị cấp dưới, hoặc các bảng tổng hợp cấp dưới, thành một bảng
tổng hợp; bảng tổng hợp cũng là một báo cáo để cấp trên tổng hợp tiếp.
  TỆP_HOẶC_THƯ_MỤC     các tệp .xlsx; với thư mục: mọi tệp .xlsx trong đó (tệp khác và thư mục con được
                       liệt kê là bỏ qua)
  --out TỆP            tệp bảng tổng hợp
  --unit TÊN           đơn vị lập bảng tổng hợp (in ở đầu biểu; là tên của bảng khi cấp trên tổng hợp tiếp)
  --roster TỆP         danh sách đơn vị phải báo cáo (mỗi dòng một tên, hoặc CSV có cột "Tên đơn vị"):
                       liệt kê đơn vị chưa báo cáo và đơn vị ngoài danh sách
  --exclude-errors     không tổng hợp báo cáo còn lỗi hoặc đã sửa sau khi kiểm tra (mặc định: vẫn tổng hợp và đánh dấu)
  --level CẤP          cấp của số liệu, dùng cho quy tắc kiểm tra (mặc định: cấp chung của các báo cáo)
  --superior TÊN       cơ quan chủ quản in ở góc trái
  --period KỲ          kỳ báo cáo, cho các biểu nhập lại không ghi kỳ (2023-Q3, 2021-H1, 2021-9M, 2021-Y)
  --previous TỆP       so số tổng hợp với bảng tổng hợp kỳ trước (số lũy kế giảm, số thay đổi quá nhiều lần)
  --json               in kết quả dạng JSON
  --force              ghi đè tệp kết quả đã có
Mỗi tệp được đọc lần lượt; tệp không đọc được được nêu tên và lý do, các tệp còn lại vẫn được tổng hợp.
Mã thoát: 0 mọi tệp đã đọc được; 1 có tệp không đọc được (bảng tổng hợp vẫn được ghi); 2 tham số sai,
không có tệp nào đọc được, hoặc các tệp không tổng hợp được với nhau (khác biểu mẫu hoặc khác kỳ): không ghi tệp.
`,
    en: `cchc merge FILES_OR_FOLDERS... --out FILE.xlsx --unit "SUMMARISING UNIT" [--roster FILE] [--exclude-errors]
           [--level LEVEL] [--superior "GOVERNING BODY"] [--period CODE] [--json] [--force] [--template-file FILE.json]

Merges the report workbooks (.xlsx) of subordinate units, or their summaries, into one summary workbook;
the summary is itself a report the next level can merge again.
  FILES_OR_FOLDERS     .xlsx files; for a folder: every .xlsx file in it (other files and subfolders are
                       listed as skipped)
  --out FILE           the summary workbook
  --unit NAME          the unit writing the summary (printed on top; the summary's name at the next level)
  --roster FILE        the units expected to report (one name per line, or CSV with a "Tên đơn vị" column):
                       lists who has not reported and who is not on the roster
  --exclude-errors     leave out reports with errors or edited after validation (default: merge and flag them)
  --level LEVEL        the level of the figures, for the rules (default: the level all reports share)
  --superior NAME      governing body printed top left
  --period CODE        the period, for retyped forms that do not state it (2023-Q3, 2021-H1, 2021-9M, 2021-Y)
  --previous FILE      compare the totals with the previous period's summary (cumulative figures that
                       went down, figures that changed many times over)
  --json               print the result as JSON
  --force              overwrite an existing output file
Files are read one at a time; a file that cannot be read is named with the reason and the rest are merged.
Exit codes: 0 every file was read; 1 some files could not be read (the summary is still written); 2 bad
arguments, no readable file, or files that cannot be merged together (other template or period): nothing written.
`,
  },
} as const;
