// The production manifest: manifest.xml points at the dev server; the build moves every URL to the
// production address given in ADDIN_URL. Used by webpack.config.js and test/manifest.test.ts.
import { msg, UserError } from "../src/domain/messages";

/** The dev server's origin: every URL in manifest.xml starts with it. */
export const DEV_ORIGIN = "https://localhost:3000";

/**
 * The address the add-in is served from in production, from ADDIN_URL, always ending in "/".
 * Without ADDIN_URL the build keeps the dev origin (a production bundle served on this machine).
 */
export function addinBaseUrl(value: string | undefined): string {
  const text = value?.trim() || `${DEV_ORIGIN}/`;
  const example = "https://cchc.example.gov.vn/addin/";
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(
      msg(
        `ADDIN_URL "${text}" không phải là một địa chỉ web. Hãy đặt địa chỉ đầy đủ nơi đặt add-in, ví dụ ${example}`,
        `ADDIN_URL "${text}" is not a web address. Set the full address the add-in is served from, e.g. ${example}`,
      ),
    );
  }
  if (url.protocol !== "https:") {
    throw new UserError(
      msg(
        `ADDIN_URL "${text}" phải bắt đầu bằng https:// vì Office chỉ tải add-in qua HTTPS, ví dụ ${example}`,
        `ADDIN_URL "${text}" must start with https:// because Office loads add-ins over HTTPS only, e.g. ${example}`,
      ),
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new UserError(
      msg(
        `ADDIN_URL "${text}" chỉ được gồm máy chủ và thư mục (không có ?, # hay tên đăng nhập), ví dụ ${example}`,
        `ADDIN_URL "${text}" must be a server and folder only (no ?, # or user name), e.g. ${example}`,
      ),
    );
  }
  return url.origin + url.pathname.replace(/\/?$/, "/");
}

/** The manifest with every dev URL moved under `baseUrl`, and the AppDomain set to its origin. */
export function productionManifest(xml: string, baseUrl: string): string {
  return xml.replaceAll(`${DEV_ORIGIN}/`, baseUrl).replaceAll(DEV_ORIGIN, new URL(baseUrl).origin);
}
