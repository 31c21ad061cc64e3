// "Biểu mẫu": choose the template version, the period and the unit, see the period's data window and
// due date, and insert the sheet (asking before an existing sheet is replaced).
import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  SpinButton,
  Spinner,
  Text,
  Textarea,
  tokens,
} from "@fluentui/react-components";
import { useRef, useState } from "react";
import pkg from "../../../package.json";
import { parseRoster } from "../../domain/merge/units";
import { Message } from "../../domain/messages";
import { formatDate, parsePeriod, windowLine } from "../../domain/period";
import { UNIT_LEVEL_LABELS } from "../../domain/sheet/layout";
import { TemplateRegistry, TemplateSummary } from "../../domain/template/registry";
import { ReplaceDialog } from "./ReplaceDialog";
import { RosterFileInput } from "./RosterFileInput";
import { PeriodType, UnitLevel } from "../../domain/template/schema";
import { errorMessage, PERIOD_PART_LABELS, S, useI18n } from "../i18n";
import { InsertRequest, ReportHost } from "../../host/reportHost";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  // a long template title must not widen the pane: the closed select cuts it, the hint shows it whole
  select: { minWidth: 0 },
  summary: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  actions: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  perUnit: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    paddingTop: tokens.spacingVerticalM,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
});

/** Hands the bytes to the browser as a download (Excel's webview saves it where the user says). */
function download(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/zip" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

/** The period parts ("Q3", "H1", …) a template allows, in the form's order. */
function periodParts(periods: readonly PeriodType[]): string[] {
  return periods.flatMap((p) => (p === "Q" ? ["Q1", "Q2", "Q3", "Q4"] : [p]));
}

/** The quarter we are in when the template reports by quarter, otherwise its first period. */
function defaultPart(t: TemplateSummary | undefined, today: Date): string {
  const parts = periodParts(t?.periods ?? []);
  const quarter = `Q${Math.floor(today.getMonth() / 3) + 1}`;
  return parts.includes(quarter) ? quarter : (parts[0] ?? "");
}

export interface InsertPanelProps {
  host: ReportHost;
  templates: TemplateRegistry;
  /** The sheet is in the workbook, with what the user should know about it: show its check. */
  onInserted: (notes: Message[]) => void;
}

export function InsertPanel({ host, templates, onInserted }: InsertPanelProps) {
  const { t } = useI18n();
  const styles = useStyles();
  const list = templates.catalog();
  const [templateId, setTemplateId] = useState(list[0]?.id ?? "");
  const template = list.find((x) => x.id === templateId);
  const [part, setPart] = useState(() => defaultPart(template, new Date()));
  const [year, setYear] = useState<number | null>(() => new Date().getFullYear());
  const [unitName, setUnitName] = useState("");
  const [level, setLevel] = useState<UnitLevel>();
  const [superiorName, setSuperiorName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Message>();
  // The sheet to replace, kept while the dialog closes so its text does not flicker.
  const [replaceSheet, setReplaceSheet] = useState("");
  const [askReplace, setAskReplace] = useState(false);
  const yearRef = useRef<HTMLInputElement>(null);
  // One workbook per unit: the list pasted or loaded from a file.
  const [unitList, setUnitList] = useState("");
  const [listError, setListError] = useState<Message>();
  const [making, setMaking] = useState<{ index: number; total: number }>();
  const [made, setMade] = useState<{ count: number; file: string }>();
  const listInput = useRef<HTMLInputElement>(null);

  if (!template) return null;
  // A choice the newly selected template does not offer falls back to its first one.
  const parts = periodParts(template.periods);
  const chosenPart = parts.includes(part) ? part : parts[0];
  const chosenLevel = level !== undefined && template.levels.includes(level) ? level : template.levels[0];
  const yearOk = year !== null && Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
  const period = yearOk ? parsePeriod(`${year}-${chosenPart}`, template.dueDay) : undefined;
  const unitMissing = unitName.trim() === "";

  const units = parseRoster(unitList);

  async function chooseList(file: File | undefined) {
    if (!file) return;
    setListError(undefined);
    try {
      // The file decoder loads on first use.
      const { readRosterFile } = await import("../rosterFile");
      setUnitList((await readRosterFile(file)).join("\n"));
    } catch (e) {
      setListError(errorMessage(e));
    }
  }

  async function makePerUnit() {
    if (!period || !template || units.length === 0) {
      setListError(units.length === 0 ? S.perUnitNeedsNames : undefined);
      if (!period) yearRef.current?.focus();
      return;
    }
    setListError(undefined);
    setMade(undefined);
    setMaking({ index: 0, total: units.length });
    try {
      // ExcelJS and fflate load with this chunk, on first use.
      const m = await import(/* webpackChunkName: "unit-workbooks" */ "../../xlsx/unitWorkbooks");
      const workbooks = await m.unitWorkbooks({
        template: await templates.load(template.id),
        period,
        level: chosenLevel,
        superiorName: superiorName.trim() || undefined,
        units,
        generatorVersion: pkg.version,
        createdAt: new Date().toISOString(),
        onFile: (index) => setMaking({ index, total: units.length }),
        pause: () => new Promise((resolve) => setTimeout(resolve, 0)),
      });
      const name = `${template.id}_${period.code}_${units.length}-don-vi.zip`;
      download(m.zipWorkbooks(workbooks), name);
      setMade({ count: workbooks.length, file: name });
    } catch (e) {
      setListError(errorMessage(e));
    } finally {
      setMaking(undefined);
    }
  }

  async function insert(replace: boolean) {
    if (!period) {
      yearRef.current?.focus();
      return;
    }
    const request: InsertRequest = {
      templateId,
      period: period.code,
      unitName: unitName.trim(),
      unitLevel: chosenLevel,
      ...(superiorName.trim() ? { superiorName: superiorName.trim() } : {}),
      replace,
    };
    setBusy(true);
    setError(undefined);
    try {
      const outcome = await host.insert(request);
      if (outcome.status === "exists") {
        setReplaceSheet(outcome.sheetName);
        setAskReplace(true);
      } else onInserted(outcome.notes);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <form
        className={styles.form}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void insert(false);
        }}
      >
        <Field label={t(S.template)} hint={t(S.templateHint(template))}>
          <Select className={styles.select} value={templateId} onChange={(_, d) => setTemplateId(d.value)}>
            {list.map((x) => (
              <option key={x.id} value={x.id}>
                {S.templateOption(x)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t(S.period)}>
          <Select value={chosenPart} onChange={(_, d) => setPart(d.value)}>
            {parts.map((p) => (
              <option key={p} value={p}>
                {t(PERIOD_PART_LABELS[p])}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t(S.year)} validationMessage={yearOk ? undefined : t(S.yearInvalid)}>
          <SpinButton
            ref={yearRef}
            value={year}
            min={MIN_YEAR}
            max={MAX_YEAR}
            onChange={(_, d) => setYear(d.value !== undefined ? d.value : d.displayValue !== undefined ? parseYear(d.displayValue) : null)}
          />
        </Field>
        {period && (
          <div className={styles.summary} role="group" aria-label={t(S.periodSummary)}>
            <Text weight="semibold">{t(period.label)}</Text>
            <Text size={200}>{t(windowLine(period))}</Text>
            <Text size={200}>{t(S.due(formatDate(period.due)))}</Text>
          </div>
        )}
        <Field label={t(S.unitName)} hint={t(unitMissing ? S.unitNameBlankHint : S.unitNameHint)}>
          <Input value={unitName} onChange={(_, d) => setUnitName(d.value)} />
        </Field>
        <Field label={t(S.level)}>
          <Select value={chosenLevel} onChange={(_, d) => setLevel(d.value as UnitLevel)}>
            {template.levels.map((l) => (
              <option key={l} value={l}>
                {t(UNIT_LEVEL_LABELS[l])}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t(S.superior)} hint={t(S.superiorHint)}>
          <Input value={superiorName} onChange={(_, d) => setSuperiorName(d.value)} />
        </Field>
        {error && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>{t(error)}</MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" disabled={busy}>
            {t(S.insert)}
          </Button>
          {busy && <Spinner size="tiny" label={t(S.inserting)} />}
        </div>
      </form>

      <section className={styles.perUnit} aria-labelledby="cchc-per-unit">
        <h3 id="cchc-per-unit" className={styles.heading}>
          {t(S.perUnitTitle)}
        </h3>
        <Text size={200}>{t(S.perUnitIntro)}</Text>
        <Field label={t(S.perUnitList)} hint={t(S.perUnitHint(units.length))} validationMessage={listError ? t(listError) : undefined}>
          <Textarea resize="vertical" rows={5} value={unitList} onChange={(_, d) => setUnitList(d.value)} />
        </Field>
        <div className={styles.actions}>
          <Button size="small" onClick={() => listInput.current?.click()}>
            {t(S.rosterChoose)}
          </Button>
          <Button appearance="secondary" disabled={making !== undefined} onClick={() => void makePerUnit()}>
            {t(S.perUnitMake(units.length))}
          </Button>
        </div>
        <RosterFileInput ref={listInput} label={t(S.perUnitListFile)} onFile={(file) => void chooseList(file)} />
        {making && <Spinner size="tiny" label={t(S.perUnitMaking(making.index + 1, making.total))} />}
        {made && (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>{t(S.perUnitMade(made.count, made.file))}</MessageBarBody>
          </MessageBar>
        )}
      </section>
      <ReplaceDialog
        question={askReplace ? S.replaceText(replaceSheet) : undefined}
        onReplace={() => {
          setAskReplace(false);
          void insert(true);
        }}
        onCancel={() => setAskReplace(false)}
      />
    </>
  );
}

/** What the user typed in the year box; anything that is not a whole number is invalid (null). */
function parseYear(text: string): number | null {
  return /^\s*\d{4}\s*$/.test(text) ? Number(text) : null;
}
