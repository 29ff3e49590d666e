// Notice bodies are Markdown written by staff; rendered with marked and sanitised with sanitize-html so that a
// pasted script or event handler can never reach a reader's browser.
import { Marked, type TokenizerAndRendererExtension } from "marked";
import sanitizeHtml from "sanitize-html";
import { telHref } from "../domain/contact.ts";

/** A landline with its area code (0471-6944127) or a mobile number in running text becomes a tel: link to tap. */
const PHONE = /^(?:0\d{2,3}-\d{7,8}|1[3-9]\d{9})(?!\d)/;
const phoneLinks: TokenizerAndRendererExtension = {
  name: "phone",
  level: "inline",
  start: (src) => src.search(/(?<!\d)(?:0\d{2,3}-\d|1[3-9]\d)/),
  tokenizer(src) {
    const m = PHONE.exec(src);
    return m ? { type: "phone", raw: m[0], text: m[0] } : undefined;
  },
  renderer: (token) => `<a href="${telHref(token.text as string)}">${token.text as string}</a>`,
};

const marked = new Marked({ gfm: true, breaks: false, extensions: [phoneLinks] });

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "ul", "ol", "li", "strong", "em", "del", "code", "pre",
    "a", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
  ],
  allowedAttributes: { a: ["href", "title"], th: ["align"], td: ["align"] },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  // A notice's own title is the page's h1: headings in the body start one level lower.
  transformTags: { h1: "h2", a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer" }) },
};

export function renderMarkdown(md: string): string {
  return sanitizeHtml(marked.parse(md, { async: false }) as string, ALLOWED);
}
