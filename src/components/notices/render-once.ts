// Rendering and sanitising a notice body took a fifth of an uncached notice page's CPU time (issue 17 profile): the
// last bodies rendered are kept here, by their text, so each is rendered once rather than on every request. Keyed by
// the text itself, a kept copy can never be another body's; the oldest goes first.
import { renderMarkdown } from "../../server/markdown.ts";

const KEPT = 200;
const rendered = new Map<string, string>();

export function renderOnce(body: string): string {
  let html = rendered.get(body);
  if (html === undefined) {
    html = renderMarkdown(body);
    if (rendered.size >= KEPT) rendered.delete(rendered.keys().next().value!);
    rendered.set(body, html);
  }
  return html;
}
