// `--previous FILE` of `cchc check` and `cchc merge`: the earlier period's report (or summary) of the
// same form, read as its sheet shows it.
import path from "node:path";
import { PeriodFigures, requireSameForm, sheetFigures } from "../domain/compare";
import { parseSheet } from "../domain/export";
import { TemplateRegistry } from "../domain/template/registry";
import { Message, msg } from "../domain/messages";
import { Template } from "../domain/template/schema";
import { readCchcFile } from "../xlsx/ownWorkbook";
import { CliIo, readFileOrFail } from "./common";

export interface PreviousReport extends PeriodFigures {
  file: string;
  periodLabel: string;
}

export async function readPrevious(file: string, io: CliIo, registry: TemplateRegistry, template: Template): Promise<PreviousReport> {
  const wb = readCchcFile(readFileOrFail(path.resolve(io.cwd, file)), file, registry);
  requireSameForm(template, { template: wb.template, file });
  return {
    file,
    period: wb.meta.period,
    periodLabel: wb.meta.periodLabel ?? wb.meta.period,
    values: sheetFigures(parseSheet(wb.template, wb.cells)),
  };
}

/** The heading of the comparison with the previous period: nothing unusual, or how many indicators to review. */
export function comparedWithPrevious(periodLabel: string, file: string, toReview: number): Message {
  return msg(
    `\nSo với kỳ trước (${periodLabel}, ${file}): ${toReview === 0 ? "không có gì bất thường" : `${toReview} chỉ tiêu cần xem lại`}\n`,
    `\nCompared with the previous period (${periodLabel}, ${file}): ${toReview === 0 ? "nothing unusual" : `${toReview} to review`}\n`,
  );
}
