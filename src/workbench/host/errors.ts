// Errors shaped like OfficeExtension.Error: `code`, `message`, `debugInfo` (with errorLocation), and
// toString "Code: message". Messages are Excel's own (Office Add-ins docs, "Error handling with the
// application-specific JavaScript APIs"; PropertyNotLoaded from office.js's resource strings).
const MESSAGES: Record<string, string> = {
  AccessDenied: "You cannot perform the requested operation.",
  ApiNotFound:
    "The API you are trying to use could not be found. It may be available in a newer version of the Office application. See Office client application and platform availability for Office Add-ins for more information.",
  BadPassword: "The password you supplied is incorrect.",
  CannotUpdateReadOnlyProperty: "The property '{0}' is read-only and it cannot be updated.",
  InvalidArgument: "The argument is invalid or missing or has an incorrect format.",
  InvalidOperation: "The operation attempted is invalid on the object.",
  InvalidReference: "This reference is not valid for the current operation.",
  ItemAlreadyExists: "The resource being created already exists.",
  ItemNotFound: "The requested resource doesn't exist.",
  RangeExceedsLimit:
    "The cell count in the range has exceeded the maximum supported number. See the Resource limits and performance optimization for Office Add-ins article for more information.",
  PropertyNotLoaded:
    "The property '{0}' is not available. Before reading the property's value, call the load method on the containing object and call \"context.sync()\" on the associated request context.",
};

export class OfficeError extends Error {
  readonly debugInfo: { code: string; message: string; errorLocation?: string };

  constructor(
    readonly code: string,
    errorLocation?: string,
    detail?: string,
  ) {
    super((MESSAGES[code] ?? code).replace("{0}", detail ?? ""));
    this.name = "RichApi.Error";
    this.debugInfo = { code, message: this.message, ...(errorLocation ? { errorLocation } : {}) };
  }

  override toString(): string {
    return `${this.code}: ${this.message}`;
  }
}

export function propertyNotLoaded(typeName: string, property: string): OfficeError {
  return new OfficeError("PropertyNotLoaded", `${typeName}.${property}`, property);
}

/** A member of the real API that this host does not emulate: fail loudly, never return undefined. */
export function notImplemented(typeName: string, member: string): Error {
  return new Error(
    `In-memory Excel host: ${typeName}.${member} is not implemented (src/workbench/host emulates only what the adapter uses).`,
  );
}
