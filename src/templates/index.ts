// The built-in template versions. A new version is one JSON file here plus its line below.
import { TemplateRegistry } from "../domain/template/registry";
import { Template } from "../domain/template/schema";
import haTinh2021Xa from "./ha-tinh-2021-xa.json";
import quangNgai2021 from "./quang-ngai-2021.json";
import quangTri2023 from "./quang-tri-2023.json";
import socTrang2021 from "./soc-trang-2021.json";

/**
 * Valid as they are, every default written out: test/template-load.test.ts loads each one and gets the
 * file itself back, so they are used without running the validator.
 */
export const BUILT_IN_TEMPLATES = [quangNgai2021, haTinh2021Xa, quangTri2023, socTrang2021] as unknown as readonly Template[];

export function builtInRegistry(): TemplateRegistry {
  return new TemplateRegistry(BUILT_IN_TEMPLATES);
}
