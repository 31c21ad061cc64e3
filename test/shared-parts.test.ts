// The targeted reader parses a workbook.xml, styles.xml or shared string it has seen before only once (the
// units of a round send back the same form): a file must still read exactly as it does alone, whatever was read before.
import { builtInRegistry } from "../src/templates";
import { readSubmission, ReadResult } from "../src/xlsx/readSubmission";
import { cellOf, editXml, report, rezip } from "./support/hostile";
import { entryText } from "./support/receivedFiles";

const registry = builtInRegistry();
const SHEET = "xl/worksheets/sheet1.xml";

/** The file read by a fresh copy of the reader, which has seen nothing before. */
async function readAlone(file: string, bytes: Uint8Array): Promise<ReadResult> {
  let fresh: typeof import("../src/xlsx/readSubmission") | undefined;
  jest.isolateModules(() => {
    fresh = jest.requireActual<typeof import("../src/xlsx/readSubmission")>("../src/xlsx/readSubmission");
    // The fresh copy has a zip reader of its own, with no inflater yet: the pane's, as the setup installs it.
    const zip = jest.requireActual<typeof import("../src/xlsx/zip")>("../src/xlsx/zip");
    zip.setRawInflater(jest.requireActual<typeof import("../src/xlsx/fflateInflate")>("../src/xlsx/fflateInflate").fflateInflater);
  });
  return fresh!.readSubmission({ file, bytes }, registry);
}

/** The workbook with the number format of `address`'s cell style set to 0% (a figure read as a hundredth of it). */
function percentStyled(bytes: Uint8Array, address: string): Uint8Array {
  const style = Number(new RegExp(`<c r="${address}"[^>]*? s="(\\d+)"`).exec(entryText(bytes, SHEET))![1]);
  return editXml(bytes, "xl/styles.xml", (xml) => {
    const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)!;
    let n = 0;
    const edited = xfs[1].replace(/<xf\b[^>]*?\/?>/g, (xf) => (n++ === style ? xf.replace(/numFmtId="\d+"/, 'numFmtId="9"') : xf));
    return xml.replace(xfs[1], edited);
  });
}

const good = report("UBND xã Đầu Tiên");
const variants: [string, () => Uint8Array][] = [
  ["another unit's figures", () => report("UBND xã Thứ Hai", { "1.1.1": 7 })],
  [
    "the same workbook.xml without the sheet its names point at",
    () =>
      rezip(good, (parts) => {
        delete parts[SHEET];
      }),
  ],
  [
    "the same workbook.xml with the sheet's part under another name in the rels",
    () => editXml(good, "xl/_rels/workbook.xml.rels", (xml) => xml.replace("worksheets/sheet1.xml", "worksheets/sheet9.xml")),
  ],
  ["the 1904 date system", () => editXml(good, "xl/workbook.xml", (xml) => xml.replace("<workbookPr", '<workbookPr date1904="1"'))],
  ["a value cell's style made a percent", () => percentStyled(good, cellOf("3.3.3"))],
  [
    "a row's name typed again with another mark, and another as rich text",
    () =>
      editXml(good, "xl/sharedStrings.xml", (xml) =>
        xml.replace("Số nhiệm vụ", "Sổ nhiệm vụ").replace(/<si><t>([^<]*thủ tục[^<]*)<\/t><\/si>/, "<si><r><t>$1</t></r></si>"),
      ),
  ],
];

describe("a workbook read after others of the same form", () => {
  it.each(variants)("reads as it does alone: %s", async (_, bytes) => {
    const file = "xa.xlsx";
    const variant = bytes();
    // The reader has seen the good file (and its parts) first.
    expect("submission" in (await readSubmission({ file: "dau-tien.xlsx", bytes: good }, registry))).toBe(true);
    const afterOthers = await readSubmission({ file, bytes: variant }, registry);
    expect(afterOthers).toEqual(await readAlone(file, variant));
    // And the good file still reads as before, after the variant.
    expect(await readSubmission({ file: "dau-tien.xlsx", bytes: good }, registry)).toEqual(await readAlone("dau-tien.xlsx", good));
  });
});
