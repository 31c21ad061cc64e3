// The one place template versions are looked up, built-in or loaded from a user's file.
import { Message, msg, UserError } from "../messages";
import { loadTemplate, TemplateProblem } from "./load";
import { Template } from "./schema";

export class TemplateRegistry {
  /** In order; a built-in file is validated when first used, so that a start that needs one template pays for one. */
  private readonly byId = new Map<string, Template | { pending: unknown }>();

  /** Built-in files are part of the product: a problem in one is a defect, reported with its path. */
  constructor(rawTemplates: readonly unknown[]) {
    for (const raw of rawTemplates) {
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === "string" && !this.byId.has(id)) this.byId.set(id, { pending: raw });
      else this.add(raw, "built-in");
    }
  }

  /** Adds a template version; throws a UserError listing every problem in it. */
  add(raw: unknown, source: string): Template {
    const result = loadTemplate(raw);
    if (!result.ok) throw new UserError(describeProblems(source, result.problems));
    if (this.byId.has(result.template.id)) {
      throw new UserError(
        msg(`${source}: đã có biểu mẫu mã ${result.template.id}`, `${source}: a template with id ${result.template.id} already exists`),
      );
    }
    this.byId.set(result.template.id, result.template);
    return result.template;
  }

  list(): Template[] {
    return [...this.byId.keys()].map((id) => this.get(id));
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): Template {
    const t = this.byId.get(id);
    if (t && "pending" in t) {
      const result = loadTemplate(t.pending);
      if (!result.ok || result.template.id !== id) throw new UserError(describeProblems("built-in", result.ok ? [] : result.problems));
      this.byId.set(id, result.template);
      return result.template;
    }
    if (!t) {
      const known = [...this.byId.keys()].join(", ");
      throw new UserError(msg(`Không có biểu mẫu "${id}". Các biểu mẫu: ${known}`, `No template "${id}". Templates: ${known}`));
    }
    return t;
  }
}

export function describeProblems(source: string, problems: TemplateProblem[]): Message {
  const lines = (lang: "vi" | "en") => problems.map((p) => `  ${p.path || msg("(gốc)", "(root)")[lang]}: ${p.message[lang]}`).join("\n");
  return msg(
    `${source}: biểu mẫu không hợp lệ (${problems.length} lỗi), hãy sửa tệp theo các lỗi dưới đây rồi nạp lại:\n${lines("vi")}`,
    `${source}: invalid template (${problems.length} problems), fix the file as listed below and load it again:\n${lines("en")}`,
  );
}
