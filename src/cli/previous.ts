// `--previous FILE` of `cchc check` and `cchc merge`: the earlier period's report (or summary) of the
// same form, read as its sheet shows it.
import path from "node:path";
import { PeriodFigures, requireSameForm, sheetFigures } from "../domain/compare";
import { parseSheet } from "../domain/export";
import { TemplateRegistry } from "../domain/template/registry";
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
