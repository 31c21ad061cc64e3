// Reporting periods: the Vietnamese label, the data cut-off window (15th of the month before the
// period to the 14th of its last month) and the due date, as DESIGN §3 and seed 000 state them.
import { UserError } from "../src/domain/messages";
import { formatDate, parsePeriod, periodType, windowLine } from "../src/domain/period";

const window = (code: string) => {
  const p = parsePeriod(code);
  return `${formatDate(p.window.from)}–${formatDate(p.window.to)}`;
};

describe("period labels", () => {
  it.each([
    ["2023-Q3", "Quý III năm 2023"],
    ["2021-Q1", "Quý I năm 2021"],
    ["2021-Q2", "Quý II năm 2021"],
    ["2022-Q4", "Quý IV năm 2022"],
    ["2021-H1", "6 tháng đầu năm 2021"],
    ["2021-9M", "9 tháng năm 2021"],
    ["2021-Y", "Năm 2021"],
  ])("%s is %s", (code, label) => {
    expect(parsePeriod(code).label.vi).toBe(label);
  });

  it("has English labels too", () => {
    expect(parsePeriod("2023-Q3").label.en).toBe("Quarter 3 2023");
    expect(parsePeriod("2021-H1").label.en).toContain("six months");
    expect(parsePeriod("2021-Y").label.en).toContain("2021");
  });

  it("keeps code, year, type and quarter", () => {
    expect(parsePeriod("2023-Q3")).toMatchObject({ code: "2023-Q3", year: 2023, type: "Q", quarter: 3 });
    expect(parsePeriod("2021-H1")).toMatchObject({ code: "2021-H1", year: 2021, type: "H1", quarter: undefined });
    expect(parsePeriod("2021-9M").type).toBe("9M");
    expect(parsePeriod("2021-Y").type).toBe("Y");
    expect(parsePeriod(" 2023-Q3 ").code).toBe("2023-Q3");
  });
});

describe("data window (thời gian chốt số liệu)", () => {
  it.each([
    ["2023-Q3", "15/06/2023–14/09/2023"],
    ["2023-Q2", "15/03/2023–14/06/2023"],
    ["2023-Q4", "15/09/2023–14/12/2023"],
    ["2021-Q1", "15/12/2020–14/03/2021"],
    ["2021-H1", "15/12/2020–14/06/2021"],
    ["2021-9M", "15/12/2020–14/09/2021"],
    ["2021-Y", "15/12/2020–14/12/2021"],
  ])("%s runs %s", (code, expected) => {
    expect(window(code)).toBe(expected);
  });

  it("matches what seed 000 states for 6 tháng đầu năm 2021 (15/12/2020 to 14/6/2021)", () => {
    const p = parsePeriod("2021-H1");
    expect(p.window.from).toEqual({ year: 2020, month: 12, day: 15 });
    expect(p.window.to).toEqual({ year: 2021, month: 6, day: 14 });
  });

  it("is written out in one line in both languages", () => {
    expect(windowLine(parsePeriod("2023-Q3"))).toEqual({
      vi: "Thời gian chốt số liệu: từ ngày 15/06/2023 đến ngày 14/09/2023",
      en: "Data period: from 15/06/2023 to 14/09/2023",
    });
    expect(windowLine(parsePeriod("2021-H1")).vi).toBe("Thời gian chốt số liệu: từ ngày 15/12/2020 đến ngày 14/06/2021");
  });
});

describe("due date", () => {
  it("is the 20th of the period's last month by default", () => {
    expect(parsePeriod("2023-Q3").due).toEqual({ year: 2023, month: 9, day: 20 });
    expect(parsePeriod("2021-Q1").due).toEqual({ year: 2021, month: 3, day: 20 });
    expect(parsePeriod("2021-H1").due).toEqual({ year: 2021, month: 6, day: 20 });
    expect(parsePeriod("2021-9M").due).toEqual({ year: 2021, month: 9, day: 20 });
    expect(parsePeriod("2021-Y").due).toEqual({ year: 2021, month: 12, day: 20 });
  });

  it("takes the province's due day when given", () => {
    expect(parsePeriod("2023-Q3", 25).due).toEqual({ year: 2023, month: 9, day: 25 });
    expect(parsePeriod("2021-Y", 15).due).toEqual({ year: 2021, month: 12, day: 15 });
    // the window does not move with the due day
    expect(parsePeriod("2023-Q3", 25).window).toEqual(parsePeriod("2023-Q3").window);
  });
});

describe("formatDate", () => {
  it("writes dd/mm/yyyy with leading zeros", () => {
    expect(formatDate({ year: 2021, month: 6, day: 4 })).toBe("04/06/2021");
    expect(formatDate({ year: 2020, month: 12, day: 15 })).toBe("15/12/2020");
  });
});

describe("invalid period codes", () => {
  it.each(["2023-Q5", "abc", "2023-H2", "", "1999-Q1", "2023Q3"])("%j is refused with a message in vi and en", (code) => {
    let error: unknown;
    try {
      parsePeriod(code);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    const { vi, en } = (error as UserError).userMessage;
    expect(vi).toContain(`"${code}"`);
    expect(en).toContain(`"${code}"`);
    expect(vi).toContain("không hợp lệ");
    expect(en).toContain("Invalid period code");
    // both messages show what a valid code looks like
    expect(vi).toContain("2023-Q3");
    expect(en).toContain("2023-Q3");
  });

  it("periodType tells the type of a valid code only", () => {
    expect(periodType("2023-Q3")).toBe("Q");
    expect(periodType("2021-H1")).toBe("H1");
    expect(periodType("2021-9M")).toBe("9M");
    expect(periodType("2021-Y")).toBe("Y");
    expect(periodType("2023-Q5")).toBeUndefined();
  });
});
