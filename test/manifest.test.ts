/** @jest-environment jsdom */
// manifest.xml, checked offline (the official validator needs a Microsoft web service): the element
// order of the XSDs, resources and their ids, URLs on the add-in's own origin, the icons, and the
// production rewrite that `npm run build` applies with ADDIN_URL.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { addinBaseUrl, DEV_ORIGIN, productionManifest } from "../scripts/manifest";
import { UserError } from "../src/domain/messages";

const ROOT = path.resolve(__dirname, "..");
const XML = readFileSync(path.join(ROOT, "manifest.xml"), "utf8");

const NS = {
  app: "http://schemas.microsoft.com/office/appforoffice/1.1",
  ov: "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
  bt: "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
} as const;
type Prefix = keyof typeof NS;

function parse(xml: string): Document {
  const doc = new DOMParser().parseFromString(xml, "application/xml");
  const error = doc.getElementsByTagName("parsererror")[0];
  if (error) throw new Error(`manifest is not well-formed XML: ${error.textContent}`);
  return doc;
}

const children = (el: Element) => Array.from(el.children);
const all = (root: Document | Element, prefix: Prefix, name: string) => Array.from(root.getElementsByTagNameNS(NS[prefix], name));
const xsiType = (el: Element) => el.getAttributeNS(NS.xsi, "type");
const tag = (el: Element) => `<${el.localName}${el.id ? ` id="${el.id}"` : ""}>`;

// xs:sequence particles from OfficeAppManifestV1_1.xsd, TaskPaneAppVersionOverridesV1_0.xsd and
// OfficeAppBasicTypesV1_0.xsd: [namespace, element, minOccurs, maxOccurs].
type Particle = [Prefix, string, number, number];
const MANY = Infinity;
const SEQUENCES: Record<string, Particle[]> = {
  // OfficeApp, extended by TaskPaneApp
  TaskPaneApp: [
    ["app", "Id", 1, 1],
    ["app", "AlternateId", 0, 1],
    ["app", "Version", 1, 1],
    ["app", "ProviderName", 1, 1],
    ["app", "DefaultLocale", 1, 1],
    ["app", "DisplayName", 1, 1],
    ["app", "Description", 1, 1],
    ["app", "IconUrl", 0, 1],
    ["app", "HighResolutionIconUrl", 0, 1],
    ["app", "SupportUrl", 0, 1],
    ["app", "AppDomains", 0, 1],
    ["app", "Hosts", 0, 1],
    ["app", "Requirements", 0, 1],
    ["app", "DefaultSettings", 1, 1],
    ["app", "Permissions", 1, 1],
    ["app", "Dictionary", 0, 1],
    ["ov", "VersionOverrides", 0, 1],
  ],
  AppRequirements: [
    ["app", "Sets", 0, 1],
    ["app", "Methods", 0, 1],
  ],
  AppSets: [["app", "Set", 1, MANY]],
  DefaultSettings: [["app", "SourceLocation", 1, 1]],
  VersionOverridesV1_0: [
    ["ov", "Description", 0, 1],
    ["ov", "Requirements", 0, 1],
    ["ov", "Hosts", 0, 1],
    ["ov", "Resources", 0, 1],
    ["ov", "WebApplicationInfo", 0, 1],
    ["ov", "EquivalentAddins", 0, 1],
  ],
  BtRequirements: [["bt", "Sets", 1, 1]],
  BtSets: [["bt", "Set", 1, MANY]],
  FormFactor: [
    ["ov", "GetStarted", 0, 1],
    ["ov", "FunctionFile", 0, 1],
    ["ov", "ExtensionPoint", 1, MANY],
  ],
  GetStarted: [
    ["ov", "Title", 1, 1],
    ["ov", "Description", 1, 1],
    ["ov", "LearnMoreUrl", 1, 1],
  ],
  PrimaryCommandSurface: [
    ["ov", "OfficeTab", 0, MANY],
    ["ov", "CustomTab", 0, MANY],
  ],
  OfficeTab: [["ov", "Group", 1, MANY]],
  Group: [
    ["ov", "Label", 1, 1],
    ["ov", "Icon", 1, 1],
    ["ov", "Control", 1, MANY],
  ],
  Button: [
    ["ov", "Label", 1, 1],
    ["ov", "Supertip", 1, 1],
    ["ov", "Icon", 1, 1],
    ["ov", "Action", 1, 1],
  ],
  Supertip: [
    ["ov", "Title", 1, 1],
    ["ov", "Description", 1, 1],
  ],
  IconList: [["bt", "Image", 1, MANY]],
  ShowTaskpane: [
    ["ov", "TaskpaneId", 0, 1],
    ["ov", "SourceLocation", 1, 1],
    ["ov", "Title", 0, 1],
  ],
  Resources: [
    ["bt", "Images", 0, 1],
    ["bt", "Urls", 0, 1],
    ["bt", "ShortStrings", 0, 1],
    ["bt", "LongStrings", 0, 1],
  ],
  Images: [["bt", "Image", 0, MANY]],
  Urls: [["bt", "Url", 0, MANY]],
  Strings: [["bt", "String", 0, MANY]],
};

/** Where each element of the manifest gets its content model. */
function sequencesToCheck(doc: Document): [Element, string][] {
  const root = doc.documentElement;
  const vo = all(doc, "ov", "VersionOverrides");
  const pairs: [Element[], string][] = [
    [[root], "TaskPaneApp"],
    [all(doc, "app", "Requirements"), "AppRequirements"],
    [all(doc, "app", "Sets"), "AppSets"],
    [all(doc, "app", "DefaultSettings"), "DefaultSettings"],
    [vo, "VersionOverridesV1_0"],
    [all(doc, "ov", "Requirements"), "BtRequirements"],
    [all(doc, "bt", "Sets"), "BtSets"],
    [all(doc, "ov", "DesktopFormFactor"), "FormFactor"],
    [all(doc, "ov", "GetStarted"), "GetStarted"],
    [all(doc, "ov", "ExtensionPoint").filter((e) => xsiType(e) === "PrimaryCommandSurface"), "PrimaryCommandSurface"],
    [all(doc, "ov", "OfficeTab"), "OfficeTab"],
    [all(doc, "ov", "Group"), "Group"],
    [all(doc, "ov", "Control").filter((e) => xsiType(e) === "Button"), "Button"],
    [all(doc, "ov", "Supertip"), "Supertip"],
    [all(doc, "ov", "Icon"), "IconList"],
    [all(doc, "ov", "Action").filter((e) => xsiType(e) === "ShowTaskpane"), "ShowTaskpane"],
    [all(doc, "ov", "Resources"), "Resources"],
    [all(doc, "bt", "Images"), "Images"],
    [all(doc, "bt", "Urls"), "Urls"],
    [[...all(doc, "bt", "ShortStrings"), ...all(doc, "bt", "LongStrings")], "Strings"],
  ];
  return pairs.flatMap(([elements, type]) => elements.map((el): [Element, string] => [el, type]));
}

/**
 * What does not fit the xs:sequence: unknown children, children out of order, too few or too many.
 * (With distinct particles, a sequence means: children in non-decreasing particle order, counts in bounds.)
 */
function sequenceProblems(el: Element, particles: Particle[]): string[] {
  const problems: string[] = [];
  const counts = particles.map(() => 0);
  let previous: Element | undefined;
  let previousIndex = 0;
  for (const kid of children(el)) {
    const index = particles.findIndex(([prefix, name]) => kid.localName === name && kid.namespaceURI === NS[prefix]);
    if (index < 0) {
      problems.push(`${tag(el)}: <${kid.localName}> (${kid.namespaceURI}) is not allowed there`);
      continue;
    }
    if (index < previousIndex) problems.push(`${tag(el)}: <${kid.localName}> must come before <${previous!.localName}>`);
    counts[index]++;
    previous = kid;
    previousIndex = index;
  }
  particles.forEach(([prefix, name, min, max], i) => {
    if (counts[i] < min) problems.push(`${tag(el)} lacks <${prefix}:${name}>`);
    if (counts[i] > max) problems.push(`${tag(el)} has ${counts[i]} <${prefix}:${name}>, at most ${max}`);
  });
  return problems;
}

function allProblems(doc: Document): string[] {
  return sequencesToCheck(doc).flatMap(([el, type]) => sequenceProblems(el, SEQUENCES[type]));
}

/** Resources by id, per kind. */
function resources(doc: Document) {
  const byId = (prefix: Prefix, list: string, item: string) =>
    new Map(
      all(doc, prefix, list)
        .flatMap((l) => all(l, "bt", item))
        .map((e) => [e.getAttribute("id")!, e]),
    );
  return {
    images: byId("bt", "Images", "Image"),
    urls: byId("bt", "Urls", "Url"),
    shortStrings: byId("bt", "ShortStrings", "String"),
    longStrings: byId("bt", "LongStrings", "String"),
  };
}

/** Every URL-valued attribute or text in the manifest, with where it is. */
function urls(doc: Document): { where: string; url: string }[] {
  const found: { where: string; url: string }[] = [];
  for (const el of Array.from(doc.getElementsByTagName("*"))) {
    for (const attr of Array.from(el.attributes)) {
      if (attr.name === "xmlns" || attr.prefix === "xmlns") continue; // namespace names, not fetched
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(attr.value)) found.push({ where: `${tag(el)} ${attr.name}`, url: attr.value });
    }
    const text = el.children.length === 0 ? el.textContent.trim() : "";
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) found.push({ where: tag(el), url: text });
  }
  return found;
}

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.toString("ascii", 12, 16)).toBe("IHDR");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const doc = parse(XML);

describe("manifest.xml", () => {
  it("is a task-pane add-in manifest (apps for Office 1.1)", () => {
    expect(doc.documentElement.localName).toBe("OfficeApp");
    expect(doc.documentElement.namespaceURI).toBe(NS.app);
    expect(xsiType(doc.documentElement)).toBe("TaskPaneApp");
    expect(xsiType(all(doc, "ov", "VersionOverrides")[0])).toBe("VersionOverridesV1_0");
  });

  it("has every required element, in the order the schema sets", () => {
    expect(allProblems(doc)).toEqual([]);
    // Not required by the schema, but by us: icons, help, domains and the ribbon button.
    for (const name of ["IconUrl", "HighResolutionIconUrl", "SupportUrl", "AppDomains", "Hosts", "Requirements"]) {
      expect(all(doc, "app", name)).toHaveLength(1);
    }
    expect(all(doc, "ov", "VersionOverrides")).toHaveLength(1);
  });

  it("the order check catches an element out of place, one missing and one in the wrong namespace", () => {
    const idAfterProvider = XML.replace(/<Id>[^<]*<\/Id>/, "").replace(
      "<DefaultLocale>",
      "<Id>00000000-0000-0000-0000-000000000000</Id><DefaultLocale>",
    );
    expect(allProblems(parse(idAfterProvider))).toEqual(["<OfficeApp>: <Id> must come before <ProviderName>"]);
    const tooltipFirst = XML.replace(
      /<Supertip>\s*<Title resid="Button.Label"\/>/,
      '<Supertip><Description resid="Button.Tooltip"/><Title resid="Button.Label"/>',
    );
    expect(allProblems(parse(tooltipFirst))).toEqual([
      "<Supertip>: <Title> must come before <Description>",
      "<Supertip> has 2 <ov:Description>, at most 1",
    ]);
    const noPermissions = XML.replace(/<Permissions>[^<]*<\/Permissions>/, "");
    expect(allProblems(parse(noPermissions))).toEqual(["<OfficeApp> lacks <app:Permissions>"]);
    const unprefixed = XML.replace("<bt:Images>", "<Images>").replace("</bt:Images>", "</Images>");
    expect(allProblems(parse(unprefixed))).toEqual([`<Resources>: <Images> (${NS.ov}) is not allowed there`]);
  });

  it("identifies the add-in: a GUID, the package version, Vietnamese first with English overrides", () => {
    const text = (name: string) => all(doc, "app", name)[0].textContent.trim();
    expect(text("Id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(text("Version")).toBe(`${version}.0`);
    expect(text("DefaultLocale")).toBe("vi-VN");
    const localised = [...["DisplayName", "Description"].flatMap((n) => all(doc, "app", n)), ...all(doc, "bt", "String")];
    expect(localised.length).toBeGreaterThan(2);
    for (const el of localised) {
      const overrides = children(el).filter((c) => c.localName === "Override");
      expect({ [tag(el)]: overrides.map((o) => o.getAttribute("Locale")) }).toEqual({ [tag(el)]: ["en-US"] });
      expect(overrides[0].getAttribute("Value")).not.toBe(el.getAttribute("DefaultValue"));
    }
  });

  it("asks for what the add-in needs: Excel, ReadWriteDocument, ExcelApi 1.8 in both places", () => {
    expect(all(doc, "app", "Host").map((h) => h.getAttribute("Name"))).toEqual(["Workbook"]);
    expect(all(doc, "ov", "Host").map(xsiType)).toEqual(["Workbook"]);
    expect(all(doc, "app", "Permissions")[0].textContent.trim()).toBe("ReadWriteDocument");
    const sets = (prefix: Prefix) => all(doc, prefix, "Set").map((s) => `${s.getAttribute("Name")} ${s.getAttribute("MinVersion")}`);
    expect(sets("app")).toEqual(["ExcelApi 1.8"]);
    expect(sets("bt")).toEqual(["ExcelApi 1.8"]);
  });

  it("puts a “Báo cáo CCHC” button in a group on the Home tab that shows the task pane", () => {
    const { shortStrings, urls: urlResources } = resources(doc);
    const tabs = all(doc, "ov", "OfficeTab");
    expect(tabs.map((t) => t.id)).toEqual(["TabHome"]);
    const buttons = all(tabs[0], "ov", "Control").filter((c) => xsiType(c) === "Button");
    expect(buttons).toHaveLength(1);
    const label = children(buttons[0])
      .find((c) => c.localName === "Label")!
      .getAttribute("resid")!;
    expect(shortStrings.get(label)?.getAttribute("DefaultValue")).toBe("Báo cáo CCHC");
    const action = all(buttons[0], "ov", "Action")[0];
    expect(xsiType(action)).toBe("ShowTaskpane");
    expect(all(doc, "ov", "FunctionFile")).toEqual([]); // no function commands, so no function file
    const page = urlResources.get(all(action, "ov", "SourceLocation")[0].getAttribute("resid")!)?.getAttribute("DefaultValue");
    expect(page).toBe(`${DEV_ORIGIN}/taskpane.html`);
    expect(all(doc, "app", "SourceLocation")[0].getAttribute("DefaultValue")).toBe(page);
  });

  it("has unique ids within the schema's limits, and every resid names a resource of the right kind", () => {
    const ids = (prefix: Prefix, names: string[]) => names.flatMap((n) => all(doc, prefix, n)).map((e) => e.id);
    const resourceIds = ids("bt", ["Image", "Url", "String"]).filter(Boolean);
    const controlIds = ids("ov", ["Group", "Control"]);
    for (const list of [resourceIds, controlIds]) expect(list.filter((id, i) => list.indexOf(id) !== i)).toEqual([]);
    for (const id of [...resourceIds, ...controlIds]) expect(id.length).toBeLessThanOrEqual(32);

    const { images, urls: urlResources, shortStrings, longStrings } = resources(doc);
    const kindOf = (el: Element) => {
      if (el.localName === "Image") return images;
      if (["SourceLocation", "LearnMoreUrl", "FunctionFile"].includes(el.localName)) return urlResources;
      if (el.localName === "Description") return longStrings;
      return shortStrings; // Label, Title
    };
    const references = Array.from(doc.getElementsByTagName("*")).filter((e) => e.hasAttribute("resid"));
    expect(references.length).toBeGreaterThan(10);
    const dangling = references
      .filter((e) => !kindOf(e).has(e.getAttribute("resid")!))
      .map((e) => `${tag(e)} resid=${e.getAttribute("resid")}`);
    expect(dangling).toEqual([]);
    const used = new Set(references.map((e) => e.getAttribute("resid")));
    expect(resourceIds.filter((id) => !used.has(id))).toEqual([]);
  });

  it("keeps strings within the schema's lengths (short 125, long 250)", () => {
    const values = (els: Element[]) =>
      els.flatMap((e) => [e, ...children(e)]).map((e) => e.getAttribute("DefaultValue") ?? e.getAttribute("Value")!);
    const { shortStrings, longStrings } = resources(doc);
    for (const v of values([...all(doc, "app", "DisplayName"), ...shortStrings.values()])) expect(v.length).toBeLessThanOrEqual(125);
    for (const v of values([...all(doc, "app", "Description"), ...longStrings.values()])) expect(v.length).toBeLessThanOrEqual(250);
  });

  it("points every URL at the add-in's own origin over https", () => {
    const found = urls(doc);
    expect(found.length).toBeGreaterThan(5);
    const elsewhere = found.filter(({ url }) => !url.startsWith(`${DEV_ORIGIN}/`) && url !== DEV_ORIGIN);
    expect(elsewhere).toEqual([]);
    expect(all(doc, "app", "AppDomain").map((d) => d.textContent.trim())).toEqual([DEV_ORIGIN]);
  });

  it("serves every file it names from assets/, icons at the pixel size the manifest says", () => {
    const fileOf = (url: string) => {
      const { pathname } = new URL(url);
      expect(pathname).toMatch(/^\/(assets\/[\w.-]+|taskpane\.html)$/);
      return pathname === "/taskpane.html" ? path.join(ROOT, "src/taskpane/taskpane.html") : path.join(ROOT, pathname);
    };
    for (const { where, url } of urls(doc).filter((u) => u.url !== DEV_ORIGIN)) {
      expect({ [where]: existsSync(fileOf(url)) }).toEqual({ [where]: true });
    }

    const { images } = resources(doc);
    const sized: [string, number][] = [
      [all(doc, "app", "IconUrl")[0].getAttribute("DefaultValue")!, 32],
      [all(doc, "app", "HighResolutionIconUrl")[0].getAttribute("DefaultValue")!, 64],
      ...all(doc, "ov", "Icon")
        .flatMap((icon) => all(icon, "bt", "Image"))
        .map((ref): [string, number] => [
          images.get(ref.getAttribute("resid")!)!.getAttribute("DefaultValue")!,
          Number(ref.getAttribute("size")),
        ]),
    ];
    for (const list of all(doc, "ov", "Icon")) {
      expect(all(list, "bt", "Image").map((i) => i.getAttribute("size"))).toEqual(["16", "32", "80"]);
    }
    for (const [url, size] of sized) {
      expect({ [url]: pngSize(fileOf(url)) }).toEqual({ [url]: { width: size, height: size } });
    }
  });
});

describe("the production manifest (npm run build, ADDIN_URL)", () => {
  const base = addinBaseUrl("https://cchc.example.gov.vn/addin");
  const built = productionManifest(XML, base);
  const builtDoc = parse(built);

  it("moves every URL under ADDIN_URL and the app domain to its origin, leaving the rest as it was", () => {
    expect(base).toBe("https://cchc.example.gov.vn/addin/");
    expect(built).not.toContain("localhost");
    const before = urls(doc).map((u) => u.url);
    const after = urls(builtDoc).map((u) => u.url);
    expect(after).toEqual(before.map((u) => (u === DEV_ORIGIN ? "https://cchc.example.gov.vn" : base + u.slice(DEV_ORIGIN.length + 1))));
    expect(after).toContain("https://cchc.example.gov.vn/addin/taskpane.html");
    expect(allProblems(builtDoc)).toEqual([]);
    expect(built.replaceAll(base, `${DEV_ORIGIN}/`).replace(">https://cchc.example.gov.vn<", `>${DEV_ORIGIN}<`)).toBe(XML);
  });

  it("takes ADDIN_URL with or without the final slash; without it, keeps the dev origin", () => {
    expect(addinBaseUrl("https://cchc.example.gov.vn/")).toBe("https://cchc.example.gov.vn/");
    expect(addinBaseUrl("https://cchc.example.gov.vn")).toBe("https://cchc.example.gov.vn/");
    expect(addinBaseUrl(" https://cchc.example.gov.vn/addin/ ")).toBe("https://cchc.example.gov.vn/addin/");
    expect(addinBaseUrl(undefined)).toBe(`${DEV_ORIGIN}/`);
    expect(addinBaseUrl("")).toBe(`${DEV_ORIGIN}/`);
    expect(productionManifest(XML, addinBaseUrl(undefined))).toBe(XML);
  });

  it.each([
    ["http://cchc.example.gov.vn/addin/", /https:\/\//],
    ["cchc.example.gov.vn/addin", /không phải là một địa chỉ web/],
    ["https://cchc.example.gov.vn/addin/?v=2", /chỉ được gồm máy chủ và thư mục/],
  ])("refuses ADDIN_URL %s with a message in Vietnamese and English", (value, vi) => {
    let error: unknown;
    try {
      addinBaseUrl(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    const { userMessage } = error as UserError;
    expect(userMessage.vi).toMatch(vi);
    expect(userMessage.vi).toContain("ADDIN_URL");
    expect(userMessage.en).toContain("ADDIN_URL");
  });
});
