// Office.js failures → messages a user can act on (old Excel, protected workbook, cell in edit mode,
// lost connection). Codes from OfficeExtension.ErrorCodes / Excel.ErrorCodes.
import { msg, UserError } from "../domain/messages";
import { HostError } from "../host/reportHost";

const MESSAGES: Record<string, [string, string]> = {
  ApiNotFound: [
    "Excel này quá cũ cho chức năng này: cần Excel 2019, Excel 2021, Microsoft 365 hoặc Excel trên web.",
    "This Excel is too old for this feature: Excel 2019, Excel 2021, Microsoft 365 or Excel on the web is needed.",
  ],
  AccessDenied: [
    "Excel từ chối thao tác: sổ hoặc trang đang được bảo vệ. Hãy bỏ bảo vệ (Xem lại > Bỏ bảo vệ sổ làm việc) rồi thử lại.",
    "Excel refused: the workbook or sheet is protected. Unprotect it (Review > Unprotect Workbook) and try again.",
  ],
  InvalidOperation: [
    "Excel không thực hiện được thao tác: sổ có thể đang được bảo vệ cấu trúc hoặc đang ở chế độ chỉ đọc. Hãy bỏ bảo vệ hoặc lưu một bản sao rồi thử lại.",
    "Excel could not do it: the workbook structure may be protected or the file is read-only. Unprotect it or save a copy and try again.",
  ],
  InvalidOperationInCellEditMode: [
    "Một ô đang được nhập dở. Hãy nhấn Enter hoặc Esc trong Excel rồi thử lại.",
    "A cell is being edited. Press Enter or Esc in Excel and try again.",
  ],
  ItemNotFound: [
    "Không tìm thấy trang hoặc tên ô của biểu mẫu (có thể đã bị xóa hoặc đổi tên). Hãy chèn lại biểu mẫu.",
    "A sheet or defined name of the form is missing (deleted or renamed). Insert the form again.",
  ],
  ConnectionFailure: [
    "Mất kết nối với Excel. Hãy đóng và mở lại ngăn Báo cáo CCHC.",
    "The connection to Excel was lost. Close and reopen the Báo cáo CCHC pane.",
  ],
  RequestPayloadSizeLimitExceeded: [
    "Dữ liệu quá lớn cho một lần gửi tới Excel. Hãy thử lại với ít tệp hơn.",
    "Too much data for one request to Excel. Try again with fewer files.",
  ],
};

/** Turns whatever an Office.js call threw into a HostError with a message for the user. */
export function toHostError(e: unknown): HostError {
  if (e instanceof HostError) return e;
  if (e instanceof UserError) return new HostError(e.userMessage);
  const code = typeof e === "object" && e !== null && "code" in e ? String(e.code) : "";
  const known = MESSAGES[code];
  if (known) return new HostError(msg(known[0], known[1]));
  const detail = e instanceof Error ? e.message : String(e);
  return new HostError(
    msg(
      `Excel báo lỗi${code ? ` (${code})` : ""}: ${detail}. Hãy thử lại; nếu vẫn lỗi, đóng và mở lại ngăn Báo cáo CCHC.`,
      `Excel reported an error${code ? ` (${code})` : ""}: ${detail}. Try again; if it persists, close and reopen the Báo cáo CCHC pane.`,
    ),
  );
}
