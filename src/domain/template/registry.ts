// The one place template versions are looked up, built-in or loaded from a user's file. It holds
// templates already validated: a user's file goes through addTemplate (load.ts) first; the built-in files
// are validated by their test (each loads, to itself); another thread's list was validated there. So
// looking templates up never loads the validator (zod), neither in the pane nor at the CLI's start.
import { msg, UserError } from "../messages";
import { Template } from "./schema";

export class TemplateRegistry {
  private readonly byId = new Map<string, Template>();

  /** Built-in files are part of the product: two with one id are a defect. */
  constructor(templates: readonly Template[]) {
    for (const t of templates) this.add(t, "built-in");
  }

  /** Adds a validated template version; throws a UserError when its id is taken. */
  add(template: Template, source: string): Template {
    if (this.byId.has(template.id)) {
      throw new UserError(
        msg(`${source}: đã có biểu mẫu mã ${template.id}`, `${source}: a template with id ${template.id} already exists`),
      );
    }
    this.byId.set(template.id, template);
    return template;
  }

  list(): Template[] {
    return [...this.byId.values()];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): Template {
    const t = this.byId.get(id);
    if (!t) {
      const known = [...this.byId.keys()].join(", ");
      throw new UserError(msg(`Không có biểu mẫu "${id}". Các biểu mẫu: ${known}`, `No template "${id}". Templates: ${known}`));
    }
    return t;
  }
}
