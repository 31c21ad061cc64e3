// The one place template versions are looked up, built-in or loaded from a user's file. It holds
// templates already validated: a user's file goes through addTemplate (load.ts) first; the built-in files
// are validated by their test (each loads, to itself); another thread's list was validated there. So
// looking templates up never loads the validator (zod), neither in the pane nor at the CLI's start.
// A template may also be given by its summary and a loader (the task pane fetches a form's rows only
// when a workbook or the user needs that form): load it before get.
import { msg, UserError } from "../messages";
import { Template } from "./schema";

/** What lists and names a form, without its rows and rules. */
export type TemplateSummary = Pick<Template, "id" | "version" | "title" | "province" | "issuingDocument" | "levels" | "periods" | "dueDay">;

export function templateSummary(t: TemplateSummary): TemplateSummary {
  const { id, version, title, province, issuingDocument, levels, periods, dueDay } = t;
  return { id, version, title, province, issuingDocument, levels, periods, dueDay };
}

/** A template known by its summary, its rows fetched when first loaded. */
export interface LazyTemplate {
  summary: TemplateSummary;
  load(): Promise<Template>;
}

type Entry = { summary: TemplateSummary; template?: Template; load?: () => Promise<Template> };

export class TemplateRegistry {
  private readonly byId = new Map<string, Entry>();

  /** Built-in files are part of the product: two with one id are a defect. */
  constructor(templates: readonly (Template | LazyTemplate)[]) {
    for (const t of templates) {
      if ("summary" in t) this.put({ summary: t.summary, load: () => t.load() }, "built-in");
      else this.add(t, "built-in");
    }
  }

  /** Adds a validated template version; throws a UserError when its id is taken. */
  add(template: Template, source: string): Template {
    this.put({ summary: templateSummary(template), template }, source);
    return template;
  }

  private put(entry: Entry, source: string): void {
    const id = entry.summary.id;
    if (this.byId.has(id)) {
      throw new UserError(msg(`${source}: đã có biểu mẫu mã ${id}`, `${source}: a template with id ${id} already exists`));
    }
    this.byId.set(id, entry);
  }

  /** Every template's summary, loaded or not, in order. */
  catalog(): TemplateSummary[] {
    return [...this.byId.values()].map((e) => e.summary);
  }

  /** Every template; each must be loaded (loadAll). */
  list(): Template[] {
    return [...this.byId.keys()].map((id) => this.get(id));
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  summary(id: string): TemplateSummary | undefined {
    return this.byId.get(id)?.summary;
  }

  /** The template, which must be loaded (load): a known one not yet loaded is a defect of the caller. */
  get(id: string): Template {
    const entry = this.byId.get(id);
    if (!entry) {
      const known = [...this.byId.keys()].join(", ");
      throw new UserError(msg(`Không có biểu mẫu "${id}". Các biểu mẫu: ${known}`, `No template "${id}". Templates: ${known}`));
    }
    if (!entry.template) throw new Error(`template ${id} is not loaded yet: load it first`);
    return entry.template;
  }

  /** The template, its rows fetched the first time; like get for an unknown id. */
  async load(id: string): Promise<Template> {
    const entry = this.byId.get(id);
    if (entry && !entry.template && entry.load) {
      const template = await entry.load();
      if (template.id !== id) throw new Error(`template ${id}: its loader gave ${template.id}`);
      entry.template = template;
    }
    return this.get(id);
  }

  /** Every template, loaded. */
  loadAll(): Promise<Template[]> {
    return Promise.all([...this.byId.keys()].map((id) => this.load(id)));
  }
}
