/** @jest-environment jsdom */
// The Tổng hợp tab's results: the units far from the others ("cần xem lại") in plain words with unit,
// row and value, grouped per unit and closed when the list is long; a form retyped by hand said so on
// its card, with why it is to be reviewed, as `cchc merge` prints them.
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { cleanup, render, screen, within } from "@testing-library/react";
import { mergeSubmissions } from "../src/domain/merge/engine";
import { msg } from "../src/domain/messages";
import { RawValue } from "../src/domain/values";
import { MergeResults } from "../src/taskpane/components/MergeResults";
import { builtInRegistry } from "../src/templates";
import { unitSubmission } from "./support/merge";

const registry = builtInRegistry();
const template = registry.get("quang-tri-2023");
const PERIOD = "2023-Q3";
// Counts no total or rate is computed from, so that a far figure is one finding.
const parts = new Set(
  template.indicators.flatMap((i) =>
    !i.compute ? [] : "sum" in i.compute ? i.compute.sum : [i.compute.rate.numerator, i.compute.rate.denominator],
  ),
);
const counts = template.indicators.filter((i) => i.kind === "count" && !i.compute && !parts.has(i.code));
const UNITS = ["Sở Y tế", "Sở Tư pháp", "Sở Nội vụ", "Sở Xây dựng", "Sở Công Thương", "Sở Tài chính"];

/** Six departments with close figures on `rows` counts; `far` units typed 950 on the first `farRows` of them. */
function merged(rows: number, far: { unit: string; rows: number }[]) {
  const submissions = UNITS.map((unit, u) => {
    const typed = new Map<string, RawValue>();
    counts.slice(0, rows).forEach((ind, i) => {
      const outlier = far.find((f) => f.unit === unit && i < f.rows);
      typed.set(ind.code, outlier ? 950 : 10 + ((u + i) % 4));
    });
    return unitSubmission(template, PERIOD, unit, typed);
  });
  return { submissions, result: mergeSubmissions(template, submissions) };
}

function show(props: ReturnType<typeof merged>) {
  render(
    <FluentProvider theme={webLightTheme}>
      <MergeResults result={props.result} submissions={props.submissions} rejected={[]} templates={registry} />
    </FluentProvider>,
  );
  return screen.getByRole("region", { name: /^Cần xem lại/ });
}

afterEach(cleanup);

describe("units to review in the merge pane", () => {
  it("names each with its unit, row and value against the other units, open while the list is short", () => {
    const m = merged(4, [{ unit: "Sở Nội vụ", rows: 2 }]);
    expect(m.result.review?.map((o) => [o.unit, o.code])).toEqual([
      ["Sở Nội vụ", counts[0].code],
      ["Sở Nội vụ", counts[1].code],
    ]);
    const section = show(m);
    expect(within(section).getByRole("heading").textContent).toBe("Cần xem lại (2): đơn vị khác xa các đơn vị khác");
    expect(section.textContent).toContain("bảng tổng hợp vẫn cộng chúng như đơn vị đã gửi");
    const group = section.querySelector("details")!;
    expect(group.open).toBe(true);
    expect(group.querySelector("summary")!.textContent).toBe("Sở Nội vụ: 2 chỉ tiêu");
    const items = within(group)
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(items[0]).toBe(
      `STT ${counts[0].stt} · ${counts[0].name}950, khác xa các đơn vị khác (trung vị của 6 đơn vị là ${m.result.review![0].median.toLocaleString("vi-VN")})`,
    );
    for (const text of items) expect(text).not.toMatch(/BM\d|quang-tri|\[/);
  });

  it("lists the units with the most figures first, closed when there are many to read", () => {
    const section = show(
      merged(8, [
        { unit: "Sở Y tế", rows: 2 },
        { unit: "Sở Tài chính", rows: 6 },
      ]),
    );
    const groups = Array.from(section.querySelectorAll("details"));
    expect(groups.map((g) => g.querySelector("summary")!.textContent)).toEqual(["Sở Tài chính: 6 chỉ tiêu", "Sở Y tế: 2 chỉ tiêu"]);
    expect(groups.every((g) => !g.open)).toBe(true);
  });

  it("is not there when no unit is far from the others", () => {
    const m = merged(4, []);
    expect(m.result.review ?? []).toEqual([]);
    render(
      <FluentProvider theme={webLightTheme}>
        <MergeResults result={m.result} submissions={m.submissions} rejected={[]} templates={registry} />
      </FluentProvider>,
    );
    expect(screen.queryByRole("region", { name: /^Cần xem lại/ })).toBeNull();
  });
});

describe("a form retyped by hand in the merge pane", () => {
  it("says so on its card, with why it is to be reviewed, without opening the card", () => {
    const { submissions } = merged(4, []);
    const review = msg("chỉ đọc được 27/118 chỉ tiêu", "only 27/118 indicators were read");
    submissions[2] = { ...submissions[2], readAs: "retyped", review };
    const result = mergeSubmissions(template, submissions);
    render(
      <FluentProvider theme={webLightTheme}>
        <MergeResults result={result} submissions={submissions} rejected={[]} templates={registry} />
      </FluentProvider>,
    );
    const card = within(screen.getByRole("list", { name: "Kết quả theo tệp" }))
      .getAllByRole("listitem")
      .find((li) => li.textContent?.includes(UNITS[2]))!;
    const summary = card.querySelector("summary")!;
    expect(summary.textContent).toContain("Đã tổng hợp, cần xem lại");
    expect(summary.textContent).toContain("Biểu nhập lại, khớp theo STT và tên");
    expect(summary.textContent).toContain("chỉ đọc được 27/118 chỉ tiêu");
  });
});
