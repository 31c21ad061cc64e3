// The task pane's templates: every form's summary in the first load (the Biểu mẫu tab lists them), each
// form's rows and rules in a chunk of its own, fetched when a workbook or the user needs that form.
import { LazyTemplate, TemplateRegistry, TemplateSummary } from "../domain/template/registry";
import { Template } from "../domain/template/schema";

/** The built-in templates' summaries (src/templates/index.ts), written in by webpack.config.js. */
declare const BUILT_IN_CATALOG: TemplateSummary[];

export function lazyBuiltInRegistry(): TemplateRegistry {
  const lazy = BUILT_IN_CATALOG.map((summary): LazyTemplate => ({
    summary,
    load: async () =>
      ((await import(/* webpackChunkName: "template-[request]" */ `../templates/${summary.id}.json`)) as { default: unknown })
        .default as Template,
  }));
  return new TemplateRegistry(lazy);
}
