// Every form POST is read here, while it streams: multipart/form-data or application/x-www-form-urlencoded parsed
// by @fastify/busboy, with limits on the whole body, each file, the number of files and fields, and each field.
// Bytes are counted as they arrive, so a chunked body without Content-Length is stopped as soon as it passes the
// limit; a Content-Length over the limit is refused before anything is read. Nothing beyond a limit is kept.
// Control characters are stripped from every text field (see stripControls): no form of the portal can type one,
// PostgreSQL refuses NUL in text, and a citizen's description with a stray NUL is better filed without it than refused.
import { Busboy, type BusboyFileStream } from "@fastify/busboy";
import { MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES } from "../../domain/report.ts";

export interface FormLimits {
  /** Bytes of the whole body as sent (multipart framing included). */
  totalBytes: number;
  /** Files with content; 0 refuses any file. Empty file inputs do not count. */
  files: number;
  /** Bytes of one file. */
  fileBytes: number;
  /** Text fields. */
  fields: number;
  /** Bytes of one text field's value. */
  fieldBytes: number;
}

const KB = 1024;
const MB = 1024 * 1024;

/** The limits of each kind of form in the portal. */
export const FORM_LIMITS = {
  /** The report form and /api/reports, and the case page's forms (findings and rectification carry evidence). */
  evidence: { totalBytes: MAX_EVIDENCE_FILES * MAX_EVIDENCE_BYTES + MB, files: MAX_EVIDENCE_FILES, fileBytes: MAX_EVIDENCE_BYTES, fields: 64, fieldBytes: 64 * KB },
  /**
   * Notices, publicity lists and register events: a notice's body may have 100,000 characters, which a browser
   * sends urlencoded as up to 9 bytes each (%E4%B8%AD for 中): 2 MB leaves room for the longest allowed notice.
   */
  publish: { totalBytes: 2 * MB, files: 0, fileBytes: 0, fields: 256, fieldBytes: MB },
  /** Everything else: track, alerts, sign-in, two-factor, enrolment, account, staff, inbox, Open311. */
  small: { totalBytes: 64 * KB, files: 0, fileBytes: 0, fields: 256, fieldBytes: 32 * KB },
} as const satisfies Record<string, FormLimits>;

export interface ReceivedFile {
  /** The form field it came in. */
  field: string;
  /** The name the browser gave; shown back only after cleaning (see cleanFileName). */
  name: string;
  bytes: Uint8Array;
}

export interface ReadForm {
  fields: URLSearchParams;
  files: ReceivedFile[];
}

export type BodyErrorCode = "payload_too_large" | "unreadable_body" | "unsupported_media_type";
const STATUS: Record<BodyErrorCode, 400 | 413 | 415> = { payload_too_large: 413, unreadable_body: 400, unsupported_media_type: 415 };

/** A body refused before it was used: 413 too large, 400 unreadable, 415 not a form. The message is for people. */
export class BodyError extends Error {
  readonly code: BodyErrorCode;
  readonly status: 400 | 413 | 415;
  /** The text fields read before the body was refused, so a page can keep what the person typed. */
  fields = new URLSearchParams();
  /** Bytes of the body read when it was refused. */
  received = 0;
  constructor(code: BodyErrorCode, message: string) {
    super(message);
    this.name = "BodyError";
    this.code = code;
    this.status = STATUS[code];
  }
}

// C0 controls except tab, line feed and carriage return (which textareas send), and DEL.
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * A text field as the routes see it: NUL and the other control characters removed (tab and line breaks kept).
 * Stripping rather than refusing: such characters come from broken clients or copy-paste, never from a person's
 * intent, and every field is validated afterwards anyway (a field that was only controls is then empty).
 */
export const stripControls = (value: string): string => value.replace(CONTROLS, "");

const size = (bytes: number) => (bytes >= MB ? `${Math.round(bytes / MB)} MB` : `${Math.round(bytes / KB)} KB`);

/** What a person is told when a body is too large for its form. */
export function tooLargeMessage(limits: FormLimits): string {
  return limits.files > 0
    ? `提交的内容过大：最多 ${limits.files} 个文件，每个不超过 ${size(limits.fileBytes)}`
    : `提交的内容过大：此表单的内容不能超过 ${size(limits.totalBytes)}，请删减后重新提交`;
}

const UNREADABLE = "提交的内容无法读取，请刷新页面后重试";
const NOT_A_FORM = "请通过网页表单提交（multipart/form-data 或 application/x-www-form-urlencoded）";

/**
 * A refused body is cancelled at once: nothing more of it is read. Cancelling does not close the connection (the
 * adapter detaches the socket from the request, so that the answer can still be written), but the rest of the body
 * is never read, so the connection cannot serve another request: the answer to a refused body carries
 * REFUSAL_HEADERS, and the server closes the connection as soon as the answer is written. Browsers that are still
 * uploading then read the answer (checked with Chromium for 12–45 MB uploads to the plain report form).
 */
export const REFUSAL_HEADERS = { connection: "close" } as const;

/**
 * Reads a form body within the limits. Throws BodyError (413, 400 or 415) and stops reading as soon as the body
 * breaks a limit, is not a form, or cannot be parsed; files are kept in memory only up to their limit, and
 * nothing is kept once the body is refused. The answer to a BodyError must carry REFUSAL_HEADERS.
 */
export async function readForm(request: Request, limits: FormLimits): Promise<ReadForm> {
  const type = request.headers.get("content-type") ?? "";
  const essence = type.split(";")[0]!.trim().toLowerCase();
  if (essence !== "multipart/form-data" && essence !== "application/x-www-form-urlencoded") throw refuseUnread(request, new BodyError("unsupported_media_type", NOT_A_FORM));
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limits.totalBytes) throw refuseUnread(request, new BodyError("payload_too_large", tooLargeMessage(limits)));

  const fields = new URLSearchParams();
  const files: ReceivedFile[] = [];
  if (!request.body) return { fields, files };
  if (request.bodyUsed || request.body.locked) throw new BodyError("unreadable_body", UNREADABLE);

  let failure: BodyError | null = null;
  const fail = (code: BodyErrorCode, message: string) => {
    failure ??= new BodyError(code, message);
  };
  const tooLarge = () => fail("payload_too_large", tooLargeMessage(limits));
  const noFiles = () => fail("payload_too_large", "此表单不接收文件");

  let parser;
  try {
    parser = Busboy({
      headers: { "content-type": type },
      limits: {
        // One more than allowed, so that the extra field arrives and is refused below (busboy's urlencoded parser
        // stops silently at its limit within a chunk).
        fields: limits.fields + 1,
        fieldSize: limits.fieldBytes,
        fieldNameSize: 200,
        // Empty file inputs are parts too: leave room for them, and count files with content below.
        files: limits.files + 8,
        fileSize: limits.fileBytes,
        parts: limits.fields + limits.files + 8,
      },
    });
  } catch {
    // A multipart type without a boundary.
    throw refuseUnread(request, new BodyError("unreadable_body", UNREADABLE));
  }
  let withContent = 0;
  let fieldCount = 0;
  parser.on("field", (name: string, value: string, nameTruncated: boolean, valueTruncated: boolean) => {
    if (++fieldCount > limits.fields) tooLarge();
    else if (nameTruncated) fail("unreadable_body", UNREADABLE);
    else if (valueTruncated) fail("payload_too_large", `填写的内容过长（每项不超过 ${size(limits.fieldBytes)}），请删减后重新提交`);
    else if (!failure) fields.append(stripControls(name), stripControls(value));
  });
  parser.on("file", (field: string, stream: BusboyFileStream, filename: string) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => {
      if (failure) return;
      if (chunks.length === 0 && ++withContent > limits.files) {
        if (limits.files === 0) noFiles();
        else tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    stream.on("limit", () => (limits.files === 0 ? noFiles() : fail("payload_too_large", `文件“${filename}”超过 ${size(limits.fileBytes)}，请压缩后再上传`)));
    stream.on("error", () => fail("unreadable_body", UNREADABLE));
    stream.on("end", () => {
      if (!failure && !stream.truncated && chunks.length > 0) files.push({ field, name: filename, bytes: new Uint8Array(Buffer.concat(chunks)) });
      chunks.length = 0;
    });
  });
  parser.on("fieldsLimit", tooLarge);
  parser.on("filesLimit", tooLarge);
  parser.on("partsLimit", tooLarge);
  // Resolves when the parser is done or broken: a write is never awaited past a parse error.
  const settled = new Promise<void>((resolve) => {
    parser.on("finish", resolve);
    parser.on("error", () => {
      fail("unreadable_body", UNREADABLE);
      resolve();
    });
  });

  const reader = request.body.getReader();
  let received = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (err) {
      // The adapter's own ceiling (bodySizeLimit) ends the stream with this error; anything else is a broken body.
      if (/body size limit/i.test(String((err as Error)?.message))) tooLarge();
      else fail("unreadable_body", UNREADABLE);
      break;
    }
    if (chunk.done) break;
    received += chunk.value.byteLength;
    if (received > limits.totalBytes) {
      tooLarge();
      break;
    }
    await Promise.race([new Promise<void>((resolve) => parser.write(chunk.value, () => resolve())), settled]);
    if (failure) break;
  }
  if (!failure) {
    parser.end();
    await settled;
    // File streams end in their own ticks; let the last ones land.
    await new Promise((r) => setImmediate(r));
  }
  if (failure) {
    const refused: BodyError = failure;
    parser.on("error", () => {});
    parser.destroy();
    refused.fields = fields;
    refused.received = received;
    void reader.cancel().catch(() => {});
    throw refused;
  }
  reader.releaseLock();
  return { fields, files };
}

/** A refusal decided before any of the body was read: none of it will be. */
function refuseUnread(request: Request, err: BodyError): BodyError {
  if (request.body && !request.body.locked) void request.body.cancel().catch(() => {});
  return err;
}

/** The refusal as the result of a form, for pages that show `reason` and `errors` of a failed action. */
export interface Refusal {
  ok: false;
  status: 400 | 413 | 415;
  reason: string;
  errors?: Record<string, string>;
}

/**
 * For pages: the form, or the BodyError after its status and REFUSAL_HEADERS are set on the page's response, so
 * the page only has to show the message where it shows its other errors.
 */
export async function readPageForm(request: Request, response: { status?: number; headers: Headers }, limits: FormLimits): Promise<ReadForm | BodyError> {
  try {
    return await readForm(request, limits);
  } catch (err) {
    if (!(err instanceof BodyError)) throw err;
    response.status = err.status;
    for (const [k, v] of Object.entries(REFUSAL_HEADERS)) response.headers.set(k, v);
    return err;
  }
}

export const refusal = (err: BodyError, errors?: Record<string, string>): Refusal => ({ ok: false, status: err.status, reason: err.message, ...(errors ? { errors } : {}) });

/** A plain Chinese text answer for a refused body, where a page has no error display of its own. */
export function refusalText(err: BodyError): Response {
  return new Response(err.message, { status: err.status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...REFUSAL_HEADERS } });
}
