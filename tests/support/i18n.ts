// What "no missing message" means on a rendered page in English or Mongolian: every piece of Chinese text — in text
// nodes and in the attributes people read (aria-label, placeholder, title, alt, value of buttons) — sits inside an
// element marked lang="zh-CN" (a place name, a notice shown in its Chinese original). Unmarked Chinese is a string
// that never went through the catalog.
import type { Page } from "@playwright/test";

export async function untranslatedText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const han = /[\u3400-\u9fff]/;
    const marked = (el: Element | null) => !!el?.closest('[lang^="zh"]');
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const text = (node.textContent ?? "").trim();
      const el = node.parentElement;
      if (!text || !han.test(text) || !el || el.closest("script,style,noscript,template") || marked(el)) continue;
      found.push(`${el.tagName.toLowerCase()}: ${text.slice(0, 80)}`);
    }
    for (const el of document.querySelectorAll("[aria-label],[placeholder],[title],[alt],input[type=submit],input[type=button]")) {
      for (const attr of ["aria-label", "placeholder", "title", "alt", "value"]) {
        const v = el.getAttribute(attr);
        if (v && han.test(v) && !marked(el) && (attr !== "value" || /submit|button/.test(el.getAttribute("type") ?? ""))) found.push(`${el.tagName.toLowerCase()}[${attr}]: ${v.slice(0, 80)}`);
      }
    }
    return found;
  });
}
