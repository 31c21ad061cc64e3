// Text compared the way Vietnamese users type it: without case, diacritics or punctuation.
import { plainText } from "../src/domain/text";

describe("plainText", () => {
  it("gives the same words however they were typed", () => {
    for (const typed of ["Chỉ tiêu thống kê", "CHI TIEU THONG KE", "Chỉ  tiêu thống kê:", " chi-tieu (thong ke) "])
      expect(plainText(typed)).toBe("chi tieu thong ke");
    expect(plainText("Đơn vị tính")).toBe("don vi tinh");
    expect(plainText("Tỷ lệ % (1)/(2)")).toBe("ty le 1 2");
    expect(plainText("")).toBe("");
  });
});
