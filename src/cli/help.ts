// Help texts, Vietnamese first.
export const HELP = {
  main: {
    vi: `cchc — Biểu mẫu CCHC: phụ lục thống kê số liệu cải cách hành chính

Cách dùng: cchc LỆNH [tùy chọn]

Lệnh:
  templates   liệt kê các phiên bản biểu mẫu (--check TỆP để kiểm tra tệp biểu mẫu của bạn)
  new         tạo tệp Excel biểu mẫu cho một kỳ báo cáo và một đơn vị
  export      xuất số liệu của một tệp đã điền, theo mã chỉ tiêu
  check       kiểm tra số liệu và công thức của một tệp đã điền

Tùy chọn chung: --lang en (tiếng Anh), --help (trợ giúp của từng lệnh), --version
Mã thoát: 0 thành công; 1 kiểm tra thấy lỗi (check); 2 tham số sai hoặc tệp không đọc được
`,
    en: `cchc — Biểu mẫu CCHC: statistical appendix of administrative-reform (CCHC) reports

Usage: cchc COMMAND [options]

Commands:
  templates   list the template versions (--check FILE validates your own template file)
  new         write the indicator workbook for a period and a unit
  export      export a filled-in workbook's values by indicator code
  check       check a filled-in workbook's values and formulas

Common options: --lang en (English), --help (help for each command), --version
Exit codes: 0 success; 1 the check found errors (check); 2 bad arguments or unreadable input
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
    vi: `cchc new --template MÃ --period KỲ --unit "TÊN ĐƠN VỊ" [--level CẤP] [--superior "CƠ QUAN CẤP TRÊN"] [--out TỆP] [--force]

Tạo tệp Excel biểu mẫu.
  --template MÃ        mã biểu mẫu (xem cchc templates), hoặc --template-file TỆP.json
  --period KỲ          2023-Q3 (quý), 2021-H1 (6 tháng), 2021-9M (9 tháng), 2021-Y (năm)
  --unit TÊN           tên đơn vị báo cáo
  --level CẤP          tinh, so, huyen hoặc xa (bắt buộc khi biểu mẫu dùng cho nhiều cấp)
  --superior TÊN       cơ quan chủ quản in ở góc trái (mặc định: UBND tỉnh ...)
  --out TỆP            tệp kết quả (mặc định: MÃ_KỲ_tên-đơn-vị.xlsx)
  --force              ghi đè tệp đã có
`,
    en: `cchc new --template ID --period CODE --unit "UNIT NAME" [--level LEVEL] [--superior "GOVERNING BODY"] [--out FILE] [--force]

Writes the indicator workbook.
  --template ID        template id (see cchc templates), or --template-file FILE.json
  --period CODE        2023-Q3 (quarter), 2021-H1 (six months), 2021-9M (nine months), 2021-Y (year)
  --unit NAME          the reporting unit's name
  --level LEVEL        tinh, so, huyen or xa (required when the template is for several levels)
  --superior NAME      governing body printed top left (default: UBND tỉnh ...)
  --out FILE           output file (default: ID_PERIOD_unit-name.xlsx)
  --force              overwrite an existing file
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
    vi: `cchc check TỆP.xlsx [--json] [--template-file TỆP.json]

Kiểm tra tệp đã điền: số liệu đúng loại (số nguyên, tỷ lệ 0–100, mã lựa chọn), tổng bằng tổng các
thành phần, phần không lớn hơn tổng, tỷ lệ khớp tử số và mẫu số, công thức không bị ghi đè hay sửa.
Kết quả theo mức độ (lỗi, cảnh báo, thông tin) kèm ô, mã, STT và tên chỉ tiêu.
Mã thoát: 0 không có lỗi (có thể có cảnh báo); 1 có lỗi; 2 tệp không đọc được hoặc không phải biểu của chương trình.
`,
    en: `cchc check FILE.xlsx [--json] [--template-file FILE.json]

Checks a filled-in workbook: values of the right kind (whole numbers, rates in 0–100, option codes),
totals equal to their parts, parts not larger than their whole, rates matching their numerator and
denominator, formulas neither overwritten nor changed. Findings by severity (error, warning, info)
with cell, code, STT and indicator name.
Exit codes: 0 no errors (warnings allowed); 1 errors; 2 unreadable file or not one of our workbooks.
`,
  },
} as const;
