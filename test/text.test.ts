// Text compared the way Vietnamese users type it: without case, diacritics or punctuation.
import fc from "fast-check";
import { plainText, remembered, withoutDiacritics } from "../src/domain/text";

describe("plainText", () => {
  it("gives the same words however they were typed", () => {
    for (const typed of ["Chỉ tiêu thống kê", "CHI TIEU THONG KE", "Chỉ  tiêu thống kê:", " chi-tieu (thong ke) "])
      expect(plainText(typed)).toBe("chi tieu thong ke");
    expect(plainText("Đơn vị tính")).toBe("don vi tinh");
    expect(plainText("Tỷ lệ % (1)/(2)")).toBe("ty le 1 2");
    expect(plainText("")).toBe("");
  });
});

describe("withoutDiacritics", () => {
  // What it must give for any text: Unicode's decomposition with the marks dropped, as it was first written.
  const reference = (text: string) =>
    text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d")
      .toLowerCase();
  const vietnamese = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵÀÁẢÃẠỲÝỸỴ";

  it("gives what Unicode's decomposition gives, for Vietnamese, combining marks and any other text", () => {
    const character = fc.oneof(
      fc.constantFrom(...vietnamese, " ", "-", "%", "1", "\u0301", "\u0323", "\u0302", "\u031b"),
      fc.integer({ min: 0, max: 0x2fff }).map((c) => String.fromCharCode(c)),
      fc.string({ unit: "grapheme", maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.array(character, { maxLength: 40 }), (chars) => {
        const text = chars.join("");
        expect(withoutDiacritics(text)).toBe(reference(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("reads text typed with separate marks as the same words", () => {
    expect(withoutDiacritics("Chi\u0309 tiêu")).toBe("chi tieu");
    expect(withoutDiacritics("Tổng số ĐƠN VỊ")).toBe("tong so don vi");
    expect(withoutDiacritics("Ωμέγα")).toBe(reference("Ωμέγα"));
  });
});

describe("remembered", () => {
  it("gives what the function gives, working each text out once until it has kept as many as it may", () => {
    const asked: string[] = [];
    const upper = remembered((t) => {
      asked.push(t);
      return t.toUpperCase();
    }, 2);
    expect(["xã a", "xã b", "xã a", "xã b"].map(upper)).toEqual(["XÃ A", "XÃ B", "XÃ A", "XÃ B"]);
    expect(asked).toEqual(["xã a", "xã b"]);
    // A third text starts over: what it forgot is worked out again, and still right.
    expect([upper("xã c"), upper("xã a")]).toEqual(["XÃ C", "XÃ A"]);
    expect(asked).toEqual(["xã a", "xã b", "xã c", "xã a"]);
  });

  it("works a long text out every time (a cell may hold 32.767 characters) and gives objects as they were made", () => {
    const asked: string[] = [];
    const parsed = remembered((t) => {
      asked.push(t);
      return { length: t.length };
    });
    const long = "x".repeat(257);
    expect([parsed(long), parsed(long)]).toEqual([{ length: 257 }, { length: 257 }]);
    expect(asked).toHaveLength(2);
    expect(parsed('r="D22" s="5"')).toBe(parsed('r="D22" s="5"'));
    expect(asked).toHaveLength(3);
  });
});
